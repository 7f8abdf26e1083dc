package io.orgaccessguard.emulator.policy;

import java.util.List;

/**
 * A validated policy document: the text exactly as it was submitted (IAM hands it back unchanged, URL-encoded) and
 * its parsed statements.
 */
public record PolicyDocument(String json, List<Statement> statements) {

    public PolicyDocument {
        statements = List.copyOf(statements);
    }
}
