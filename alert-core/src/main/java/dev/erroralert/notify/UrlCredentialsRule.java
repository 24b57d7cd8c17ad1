package dev.erroralert.notify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials in URLs. The user information runs to the last "@" of the URL (a password may hold "@", "#",
 * "/" and "?", and a user name may be an e-mail address), unless what comes before it is a host, a port and
 * a path: then the "@" is in the path or query ("https://api.example.com:8443/users?email=a@b.c").
 */
final class UrlCredentialsRule implements MaskingRule {

    // A scheme starts a run of scheme characters (never inside one) and is at most 32 characters, so no
    // character is read again from each of a long run's letters.
    private static final Pattern SCHEME = Pattern.compile("(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}://");

    private static final Pattern PORT_AND_PATH = Pattern.compile("[0-9]{1,5}(?:[/?#].*)?");

    // A user name alone that is a token, as in a Sentry DSN or "https://<token>@github.com".
    private static final Pattern TOKEN_USER = Pattern.compile("(?=[A-Za-z_-]{0,255}[0-9])[A-Za-z0-9_-]{16,256}");

    private static final int MAX_URL = 1024;

    @Override
    public String apply(String text) {
        if (!text.contains("://")) {
            return text;
        }
        Matcher matcher = SCHEME.matcher(text);
        Replacements replacements = new Replacements(text);
        int from = 0;
        while (from < text.length() && matcher.find(from)) {
            int start = matcher.end();
            int end = start;
            while (end < text.length() && end - start < MAX_URL && !endsUrl(text.charAt(end))) {
                end++;
            }
            int at = end - 1;
            while (at >= start && text.charAt(at) != '@') {
                at--;
            }
            from = end;
            if (at < start || !startsHost(text, at + 1, end)) {
                continue;
            }
            String userInfo = text.substring(start, at);
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                if (TOKEN_USER.matcher(userInfo).matches()) {
                    replacements.mask(start, at);
                }
                continue;
            }
            String user = userInfo.substring(0, colon);
            String password = userInfo.substring(colon + 1);
            if (password.isEmpty() || user.indexOf('/') >= 0 || user.indexOf('?') >= 0 || user.indexOf('#') >= 0
                    || PORT_AND_PATH.matcher(password).matches() && password.length() > 5) {
                continue;
            }
            replacements.mask(start + colon + 1, at);
        }
        return replacements.result();
    }

    private static boolean endsUrl(char c) {
        return Character.isWhitespace(c) || "\"'<>`".indexOf(c) >= 0;
    }

    private static boolean startsHost(String text, int from, int end) {
        return from < end && (Character.isLetterOrDigit(text.charAt(from)) || text.charAt(from) == '[');
    }
}
