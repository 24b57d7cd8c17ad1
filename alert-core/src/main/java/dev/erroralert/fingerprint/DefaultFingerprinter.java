package dev.erroralert.fingerprint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import dev.erroralert.event.CaptureSite;
import dev.erroralert.event.ErrorEvent;
import dev.erroralert.event.ThrownError;

/**
 * The default identity of a problem: the exception type chain, the normalised messages, the top in-app frames of
 * the deepest cause (class and method, no line numbers) and the capture location. Generated names are stripped and
 * nothing about the host, the time or the instance is included, so the same failure has the same fingerprint on
 * every instance, after every restart. A site with a fixed group key is fingerprinted by that key alone.
 */
public final class DefaultFingerprinter implements Fingerprinter {

    /** How many in-app frames identify where a problem started. */
    public static final int DEFAULT_FRAMES = 5;

    private final InAppFrames inAppFrames;
    private final int frames;

    public DefaultFingerprinter() {
        this(InAppFrames.everythingButFrameworks(), DEFAULT_FRAMES);
    }

    public DefaultFingerprinter(InAppFrames inAppFrames, int frames) {
        this.inAppFrames = Objects.requireNonNull(inAppFrames, "inAppFrames");
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be at least 1, got " + frames);
        }
        this.frames = frames;
    }

    @Override
    public Fingerprint fingerprint(ErrorEvent event) {
        return fingerprint(ThrownError.read(event.error()), event.site());
    }

    /** The fingerprint of an exception already read, captured at {@code site}. */
    public Fingerprint fingerprint(ThrownError error, CaptureSite site) {
        return hash(canonicalText(error, site));
    }

    /** The text that is hashed, exposed so that a surprising grouping can be explained. */
    public String canonicalText(ThrownError error, CaptureSite site) {
        if (site.group() != null) {
            return "group:" + site.group();
        }
        StringBuilder text = new StringBuilder(256);
        text.append("site:").append(GeneratedNames.className(site.className())).append('#')
                .append(GeneratedNames.methodName(site.methodName())).append('\n');
        for (ThrownError.Cause cause : error.causes()) {
            text.append("type:").append(GeneratedNames.className(cause.type())).append('\n');
            text.append("message:").append(MessageNormalizer.normalize(cause.message())).append('\n');
        }
        for (StackTraceElement frame : inAppFrames.top(error.innermost().frames(), frames)) {
            text.append("frame:").append(GeneratedNames.className(frame.getClassName())).append('#')
                    .append(GeneratedNames.methodName(frame.getMethodName())).append('\n');
        }
        return text.toString();
    }

    private static Fingerprint hash(String canonicalText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalText.getBytes(StandardCharsets.UTF_8));
            return new Fingerprint(HexFormat.of().formatHex(digest, 0, 16));
        }
        catch (NoSuchAlgorithmException ex) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException(ex);
        }
    }
}
