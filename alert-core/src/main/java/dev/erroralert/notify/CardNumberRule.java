package dev.erroralert.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Card numbers: runs of digit groups, of which any stretch of whole groups holding 13 to 19 digits that passes
 * the Luhn check and looks like a card (grouped like one, or with a card word near it) is masked. Looking at
 * stretches rather than the whole run finds a card next to other numbers ("4111 1111 1111 1111 12/25"); whole
 * groups only, so that a long id is never read as a card inside it.
 */
final class CardNumberRule implements MaskingRule {

    // Possessive and bounded: at most 19 groups of at most 19 digits each are read from where a run starts. A
    // run may follow "_" ("card_4111…"), not a letter or a digit.
    private static final Pattern RUN = Pattern.compile("(?<![A-Za-z0-9.])\\d{1,19}+(?:[ -]\\d{1,19}+){0,18}+"
            + "(?![A-Za-z0-9])");

    private static final Pattern CARD_WORD = Pattern.compile("(?i)card|credit|debit|visa|mastercard|amex|maestro"
            + "|\uCE74\uB4DC|(?<![a-z])(?:pan|cc|ccn|cc_?num(?:ber)?)(?![a-z])");

    // How far before and after a number a card word is looked for.
    private static final int CONTEXT_BEFORE = 40;

    private static final int CONTEXT_AFTER = 24;

    @Override
    public String apply(String text) {
        if (!hasThirteenDigits(text)) {
            return text;
        }
        Matcher matcher = RUN.matcher(text);
        StringBuilder result = null;
        while (matcher.find()) {
            List<int[]> groups = groups(text, matcher.start(), matcher.end());
            Boolean nearCardWord = null;
            int i = 0;
            while (i < groups.size()) {
                int last = longestCardFrom(text, groups, i);
                if (last >= 0 && !groupedLikeACard(groups, i, last)) {
                    if (nearCardWord == null) {
                        nearCardWord = nearCardWord(text, matcher.start(), matcher.end());
                    }
                    last = nearCardWord ? last : -1;
                }
                if (last < 0) {
                    i++;
                    continue;
                }
                if (result == null) {
                    result = new StringBuilder(text);
                }
                maskAllButLastFour(result, groups.get(i)[0], groups.get(last)[1]);
                i = last + 1;
            }
        }
        return result == null ? text : result.toString();
    }

    private static boolean hasThirteenDigits(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            if (isDigit(text.charAt(i)) && ++digits >= 13) {
                return true;
            }
        }
        return false;
    }

    /** Grouped as cards are written: four digits, then groups of three to six (4-4-4-4, 4-6-5, 4-4-4-4-3). */
    private static boolean groupedLikeACard(List<int[]> groups, int first, int last) {
        if (last - first < 2 || length(groups.get(first)) != 4) {
            return false;
        }
        for (int j = first + 1; j <= last; j++) {
            int length = length(groups.get(j));
            if (length < 3 || length > 6) {
                return false;
            }
        }
        return true;
    }

    private static int length(int[] group) {
        return group[1] - group[0];
    }

    private static boolean nearCardWord(String text, int start, int end) {
        return CARD_WORD.matcher(text).region(Math.max(0, start - CONTEXT_BEFORE),
                Math.min(text.length(), end + CONTEXT_AFTER)).find();
    }

    /** The start and end of each run of digits between {@code start} and {@code end}. */
    private static List<int[]> groups(String text, int start, int end) {
        List<int[]> groups = new ArrayList<>();
        int groupStart = start;
        for (int i = start; i <= end; i++) {
            if (i == end || !isDigit(text.charAt(i))) {
                groups.add(new int[] { groupStart, i });
                groupStart = i + 1;
            }
        }
        return groups;
    }

    /** The last group of the longest card starting at group {@code first}, or -1 when none does. */
    private static int longestCardFrom(String text, List<int[]> groups, int first) {
        int digits = 0;
        int last = -1;
        for (int j = first; j < groups.size(); j++) {
            digits += groups.get(j)[1] - groups.get(j)[0];
            if (digits > 19) {
                break;
            }
            if (digits >= 13 && passesLuhn(text, groups.get(first)[0], groups.get(j)[1])) {
                last = j;
            }
        }
        return last;
    }

    private static boolean passesLuhn(String text, int start, int end) {
        int sum = 0;
        boolean doubled = false;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                continue;
            }
            int digit = c - '0';
            if (doubled) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    // Separators are kept, so the number keeps the shape it was written in.
    private static void maskAllButLastFour(StringBuilder text, int start, int end) {
        int kept = 0;
        for (int i = end - 1; i >= start; i--) {
            if (isDigit(text.charAt(i)) && kept++ >= 4) {
                text.setCharAt(i, '*');
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
