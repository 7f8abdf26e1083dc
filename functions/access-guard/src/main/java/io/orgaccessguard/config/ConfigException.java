package io.orgaccessguard.config;

/** A configuration value is missing or malformed; the message names the environment variable. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem);
    }
}
