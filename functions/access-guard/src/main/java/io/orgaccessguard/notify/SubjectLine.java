package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.Outcome;

/**
 * The e-mail subject. SNS refuses a subject that is not ASCII, not "less than 100 characters long" (so 99 at most), has
 * line breaks or control characters, or does not start with a letter, number or punctuation mark; a refused publish
 * would fail the whole invocation. So the subject is ASCII, starts with {@code [}, and only the account name is ever
 * shortened: the outcome and the account ID are what a reader and a mail filter need.
 */
final class SubjectLine {

    static final int MAX_LENGTH = 99;
    static final String PREFIX = "[org-access-guard] ";
    /** Account IDs are 12 digits; a hostile or broken one must not crowd out the rest. */
    private static final int MAX_ID_LENGTH = 32;
    /** Below this, a name cut down to fit says nothing, so it is left out. */
    private static final int MIN_NAME_LENGTH = 4;

    private SubjectLine() {
    }

    static String of(Outcome outcome, String accountId, String accountName) {
        String id = PlainText.oneLine(accountId, MAX_ID_LENGTH);
        String head = PREFIX + outcome.name() + ": " + (id.isEmpty() ? "unknown account" : id);
        String name = PlainText.oneLine(accountName);
        int room = MAX_LENGTH - head.length() - " ()".length();
        if (name.isEmpty() || room < MIN_NAME_LENGTH) {
            return head;
        }
        return head + " (" + PlainText.truncate(name, room) + ")";
    }
}
