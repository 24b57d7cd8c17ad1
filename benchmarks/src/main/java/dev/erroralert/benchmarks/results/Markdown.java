package dev.erroralert.benchmarks.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Markdown being written: headings, paragraphs and tables, with numbers formatted one way throughout. */
final class Markdown {

    private final StringBuilder text = new StringBuilder();

    Markdown heading(int level, String title) {
        text.append("#".repeat(level)).append(' ').append(title).append("\n\n");
        return this;
    }

    Markdown paragraph(String paragraph) {
        text.append(paragraph.strip()).append("\n\n");
        return this;
    }

    /** Text as it is, such as a hand-written file. */
    Markdown verbatim(String markdown) {
        text.append(markdown.strip()).append("\n\n");
        return this;
    }

    Table table(String... headers) {
        return new Table(List.of(headers));
    }

    @Override
    public String toString() {
        return text.toString().stripTrailing() + "\n";
    }

    /** A table: rows are added in order, and it is written when {@link #end()} is called. */
    final class Table {

        private final List<String> headers;
        private final List<List<String>> rows = new ArrayList<>();

        private Table(List<String> headers) {
            this.headers = headers;
        }

        Table row(Object... cells) {
            List<String> row = new ArrayList<>();
            for (Object cell : cells) {
                row.add(String.valueOf(cell).replace("|", "\\|").replace("\n", " "));
            }
            rows.add(row);
            return this;
        }

        Markdown end() {
            text.append("| ").append(String.join(" | ", headers)).append(" |\n");
            text.append("|").append("---|".repeat(headers.size())).append("\n");
            for (List<String> row : rows) {
                text.append("| ").append(String.join(" | ", row)).append(" |\n");
            }
            text.append("\n");
            return Markdown.this;
        }
    }

    /** {@code 1,234,567}. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A measured value with up to {@code decimals} decimals, such as {@code 12.35}; a dash for NaN. */
    static String number(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }
}
