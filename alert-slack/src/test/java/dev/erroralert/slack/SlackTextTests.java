package dev.erroralert.slack;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlackTextTests {

    private static final Pattern BROKEN_ENTITY = Pattern.compile("&(?!amp;|lt;|gt;)");

    @Test
    void escapesTheThreeControlCharacters() {
        assertThat(SlackText.escape("<!channel> <!here> <@U123> <https://evil|click> Tom & Jerry"))
                .isEqualTo("&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil|click&gt; Tom &amp; Jerry");
    }

    @Test
    void escapesAnEntityAlreadyInTheTextAgain() {
        // Otherwise "&lt;!channel&gt;" written by whoever threw would be decoded into a working ping.
        assertThat(SlackText.escape("&lt;!channel&gt;")).isEqualTo("&amp;lt;!channel&amp;gt;");
    }

    @Test
    void leavesOtherTextAlone() {
        assertThat(SlackText.escape("*bold* _it_ \"quoted\" 'x' é 😀")).isEqualTo("*bold* _it_ \"quoted\" 'x' é 😀");
        assertThat(SlackText.escape(null)).isEmpty();
    }

    @Test
    void truncatesWithAnEllipsisWithinTheLength() {
        assertThat(SlackText.truncate("abcdefghij", 10)).isEqualTo("abcdefghij");
        assertThat(SlackText.truncate("abcdefghijk", 10)).isEqualTo("abcdefghi…").hasSize(10);
    }

    @Test
    void neverCutsAnEntityInHalf() {
        String escaped = SlackText.escape("a<b>&c<<>>&&d");
        for (int max = 1; max <= escaped.length() + 1; max++) {
            String truncated = SlackText.truncate(escaped, max);
            assertThat(truncated).hasSizeLessThanOrEqualTo(max).doesNotContainPattern(BROKEN_ENTITY);
        }
        assertThat(SlackText.truncate(escaped, 6)).isEqualTo("a&lt;…");
    }

    @Test
    void neverSplitsASurrogatePair() {
        String emoji = "x😀😀😀😀";
        for (int max = 1; max <= emoji.length(); max++) {
            String truncated = SlackText.truncate(emoji, max);
            assertThat(truncated).hasSizeLessThanOrEqualTo(max);
            assertThat(wellFormed(truncated)).as("'%s' is well-formed UTF-16", truncated).isTrue();
        }
        assertThat(SlackText.truncate(emoji, 4)).isEqualTo("x😀…");
    }

    @Test
    void textCannotCloseTheCodeBlockItIsIn() {
        String block = SlackText.codeBlock("boom ``` <!channel> *bold* ```\n````", 3000);

        assertThat(block).startsWith("```\n").endsWith("\n```");
        String inside = block.substring(4, block.length() - 4);
        assertThat(inside).doesNotContain("``").contains("&lt;!channel&gt;", "*bold*");
    }

    @Test
    void aCodeBlockStaysWithinItsLengthFencesIncluded() {
        String block = SlackText.codeBlock("<".repeat(10_000), 100);

        assertThat(block).hasSizeLessThanOrEqualTo(100).startsWith("```\n").endsWith("…\n```")
                .doesNotContainPattern(BROKEN_ENTITY);
    }

    @Test
    void oneLineTurnsLineBreaksAndControlCharactersIntoSpaces() {
        assertThat(SlackText.oneLine("a\nb\r\nc\u2028d\u0007e\tf")).isEqualTo("a b  c d e f");
    }

    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            }
            else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void showsBidirectionalOverridesAndOtherHiddenCharactersAsTheirCodes() {
        String text = "invoice_\u202Efdp.exe \u2066x\u2069 a\u200Bb \uFEFF \uDB40\uDC41 \u3164 ok";

        assertThat(SlackText.escape(text)).isEqualTo(
                "invoice_[U+202E]fdp.exe [U+2066]x[U+2069] a[U+200B]b [U+FEFF] [U+E0041] [U+3164] ok");
        assertThat(SlackText.codeBlock("\u202Eabc", 100)).doesNotContain("\u202E").contains("[U+202E]abc");
    }
}
