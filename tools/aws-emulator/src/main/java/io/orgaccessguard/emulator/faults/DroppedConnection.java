package io.orgaccessguard.emulator.faults;

/** Thrown to make the server close the socket without answering (a scripted "drop the connection" fault). */
public final class DroppedConnection extends RuntimeException {
    public DroppedConnection() {
        super("connection dropped by a scripted fault", null, false, false);
    }
}
