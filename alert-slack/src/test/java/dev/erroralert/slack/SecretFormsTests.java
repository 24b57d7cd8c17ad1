package dev.erroralert.slack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SecretFormsTests {

    @Test
    void redactsTheSecretAsItIsUrlEncodedAndJsonEscaped() {
        String secret = "/services/T0/B0/Ab=c&d e";
        String text = String.join(" | ", "raw " + secret, "encoded %2Fservices%2FT0%2FB0%2FAb%3Dc%26d+e",
                "lower %2fservices%2ft0", "spaces %2Fservices%2FT0%2FB0%2FAb%3Dc%26d%20e",
                "twice %252Fservices%252FT0%252FB0%252FAb%253Dc%2526d%2Be",
                "json \\/services\\/T0\\/B0\\/Ab=c&d e", "gson \\/services\\/T0\\/B0\\/Ab\\u003dc\\u0026d e");

        assertThat(SecretForms.redact(text, secret, "***")).isEqualTo(String.join(" | ", "raw ***", "encoded ***",
                "lower %2fservices%2ft0", "spaces ***", "twice ***", "json ***", "gson ***"));
    }

    @Test
    void leavesTextWithoutTheSecretAsItIs() {
        assertThat(SecretForms.redact("no_service", "xoxb-1-2-abc", "xoxb-***")).isEqualTo("no_service");
        assertThat(SecretForms.redact("anything", "", "***")).isEqualTo("anything");
    }
}
