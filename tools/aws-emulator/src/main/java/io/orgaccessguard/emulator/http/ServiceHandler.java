package io.orgaccessguard.emulator.http;

/** One emulated AWS service. Implementations are stateless apart from the shared state they are given. */
public interface ServiceHandler {

    /** The SigV4 signing name that routes to this service ({@code iam}, {@code sts}, ...). */
    String signingName();

    Protocol protocol();

    /** The XML namespace of query responses; unused for JSON services. */
    default String xmlNamespace() {
        return "";
    }

    /** Handles an authenticated request; throws {@link AwsException} for every error answer. */
    ServiceResponse handle(AwsRequest request);
}
