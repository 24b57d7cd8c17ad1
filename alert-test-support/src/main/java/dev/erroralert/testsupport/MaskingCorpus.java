package dev.erroralert.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The masking corpus ({@code masking-corpus.tsv} beside this class): realistic exception messages that hold a
 * secret, which masking must hide, and ordinary ones, which it must leave exactly as they are. One case per line.
 */
public final class MaskingCorpus {

    private static final String RESOURCE = "masking-corpus.tsv";

    private MaskingCorpus() {
    }

    /**
     * One message of the corpus.
     *
     * @param secret what must not survive masking, or {@code null} for an ordinary message that must stay unchanged
     * @param message the message as an exception would carry it
     */
    public record Case(@Nullable String secret, String message) {

        /** Whether the message holds a secret. */
        public boolean holdsSecret() {
            return secret != null;
        }

        @Override
        public String toString() {
            return message.length() > 100 ? message.substring(0, 100) + "…" : message;
        }
    }

    /** Every case of the corpus, in file order. */
    public static List<Case> cases() {
        try (InputStream in = Objects.requireNonNull(MaskingCorpus.class.getResourceAsStream(RESOURCE), RESOURCE);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Case> cases = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                switch (fields[0]) {
                    case "SECRET" -> cases.add(new Case(unescape(fields[1]), unescape(fields[2])));
                    case "ORDINARY" -> cases.add(new Case(null, unescape(fields[1])));
                    default -> throw new IllegalStateException("Not a corpus line: " + line);
                }
            }
            return cases;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The cases that hold a secret. */
    public static List<Case> secrets() {
        return cases().stream().filter(Case::holdsSecret).toList();
    }

    /** The ordinary cases. */
    public static List<Case> ordinary() {
        return cases().stream().filter(c -> !c.holdsSecret()).toList();
    }

    private static String unescape(String field) {
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                text.append(next == 'n' ? '\n' : next);
            }
            else {
                text.append(c);
            }
        }
        return text.toString();
    }
}
