package dev.erroralert.benchmarks.load;

/**
 * Words that tell errors apart. The fingerprint normalises numbers, hex ids and the like away, so errors that must
 * stay distinct differ by a word of letters instead; the letters are taken from g to z so that no word can be read
 * as a hex id either.
 */
final class Words {

    private static final String LETTERS = "ghijklmnopqrstuvwxyz";

    private Words() {
    }

    /** The {@code index}-th word of {@code length} letters; distinct for every index below 20^length. */
    static String word(int index, int length) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, got " + index);
        }
        char[] letters = new char[length];
        int rest = index;
        for (int i = length - 1; i >= 0; i--) {
            letters[i] = LETTERS.charAt(rest % LETTERS.length());
            rest /= LETTERS.length();
        }
        if (rest != 0) {
            throw new IllegalArgumentException(index + " does not fit in " + length + " letters");
        }
        return new String(letters);
    }

    /** How many distinct words of {@code length} letters there are. */
    static long capacity(int length) {
        return (long) Math.pow(LETTERS.length(), length);
    }
}
