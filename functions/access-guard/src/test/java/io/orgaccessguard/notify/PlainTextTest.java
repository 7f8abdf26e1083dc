package io.orgaccessguard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void oneLine_lineBreaksTabsAndControlCharacters_becomeSingleSpaces() {
        assertThat(PlainText.oneLine("  Payments\r\n\tProd\u0000\u0007 \u0085 EU\u2028x  ")).isEqualTo("Payments Prod EU x");
    }

    @Test
    void oneLine_nonAsciiAndAngleBrackets_becomeQuestionMarks() {
        assertThat(PlainText.oneLine("Caf\u00e9 <b>\uD83D\uDE80\u202Eevil")).isEqualTo("Caf? ?b???evil");
    }

    @Test
    void oneLine_null_isEmpty() {
        assertThat(PlainText.oneLine(null)).isEmpty();
    }

    @Test
    void truncate_longerThanMax_cutsAndEndsWithEllipsis() {
        assertThat(PlainText.truncate("abcdefghij", 8)).isEqualTo("abcde...").hasSize(8);
        assertThat(PlainText.truncate("abcdefgh", 8)).isEqualTo("abcdefgh");
    }

    @Test
    void prefix_cutInsideSurrogatePair_dropsTheWholePair() {
        assertThat(PlainText.prefix("ab\uD83D\uDE80cd", 3)).isEqualTo("ab");
    }

    @Test
    void slug_anyName_isLowerCaseLettersDigitsAndHyphens() {
        assertThat(PlainText.slug("  Payments <Prod> / EU-1 \uD83D\uDE80 ", 48)).isEqualTo("payments-prod-eu-1");
        assertThat(PlainText.slug("\uD83D\uDE80\n", 48)).isEmpty();
    }
}
