package io.orgaccessguard.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Returns its input: the least a Java function can do, so its cold start is the floor of any Java Lambda function
 * (JVM start, the runtime interface client, loading one handler class). A stream handler, like the real functions.
 */
public final class EchoHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.transferTo(output);
    }
}
