package dev.erroralert.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.erroralert.event.ThrownError;
import dev.erroralert.fingerprint.GeneratedNames;
import dev.erroralert.fingerprint.InAppFrames;
import org.jspecify.annotations.Nullable;

/**
 * What an alert shows of an exception, read once and bounded, so that an alert never holds the exception itself
 * (nor what it references) and never carries more text than a message can show.
 * Messages are masked ({@link SecretMasker}) but not escaped: each notifier escapes them for its destination.
 * Class and method names are left as they are: they are code, not data.
 *
 * @param type the exception's class name
 * @param message the masked message, at most {@link #MAX_MESSAGE_LENGTH} characters and a closing "…",
 * or {@code null}
 * @param causes the causes, messages masked, outermost first, at most {@link #MAX_CAUSES}
 * @param frames the top in-app frames of the deepest cause, at most {@link #MAX_FRAMES}
 */
public record ErrorSnapshot(String type, @Nullable String message, List<Cause> causes, List<String> frames) {

    /** How much of a message an alert shows: masked first, then cut. */
    public static final int MAX_MESSAGE_LENGTH = 8_192;

    public static final int MAX_CAUSES = 5;
    public static final int MAX_FRAMES = 10;
    static final int MAX_CAUSE_MESSAGE_LENGTH = 300;

    public ErrorSnapshot {
        Objects.requireNonNull(type, "type");
        causes = List.copyOf(causes);
        frames = List.copyOf(frames);
    }

    /** The snapshot of an exception read by {@link ThrownError#read(Throwable)}, masked with the built-in rules. */
    public static ErrorSnapshot of(ThrownError error, InAppFrames inAppFrames) {
        return of(error, inAppFrames, SecretMasker.withDefaults());
    }

    /** The snapshot of an exception read by {@link ThrownError#read(Throwable)}, messages masked by {@code masker}. */
    public static ErrorSnapshot of(ThrownError error, InAppFrames inAppFrames, SecretMasker masker) {
        List<Cause> causes = new ArrayList<>();
        for (ThrownError.Cause cause : error.causes().subList(1, error.causes().size())) {
            if (causes.size() == MAX_CAUSES) {
                break;
            }
            // Masked before it is cut: a secret that the cut would split is then still recognised whole.
            String message = cut(masker.mask(cause.message()), MAX_CAUSE_MESSAGE_LENGTH);
            causes.add(new Cause(cause.type(), message));
        }
        List<String> frames = inAppFrames.top(error.innermost().frames(), MAX_FRAMES).stream()
                .map(ErrorSnapshot::describe)
                .toList();
        ThrownError.Cause outermost = error.outermost();
        // A mask can be longer than what it hides, so the masked message is cut to the length promised again.
        String message = cut(masker.mask(outermost.message()), MAX_MESSAGE_LENGTH);
        return new ErrorSnapshot(outermost.type(), message, causes, frames);
    }

    /** The class name without its package, for headlines. */
    public String simpleType() {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static @Nullable String cut(@Nullable String text, int length) {
        if (text == null || text.length() <= length) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
        return text.substring(0, end) + "…";
    }

    private static String describe(StackTraceElement frame) {
        String where = frame.getFileName() == null ? "Unknown Source"
                : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber() : frame.getFileName();
        return GeneratedNames.className(frame.getClassName()) + "." + frame.getMethodName() + "(" + where + ")";
    }

    /**
     * One cause as an alert shows it. The type stays data of its own, so that routing by exception type never parses
     * what was written for people.
     *
     * @param type the cause's class name
     * @param message its masked message, at most {@link #MAX_CAUSE_MESSAGE_LENGTH} characters and a closing "…", or
     * {@code null}
     */
    public record Cause(String type, @Nullable String message) {

        public Cause {
            Objects.requireNonNull(type, "type");
        }

        /** {@code type: message}, or the type alone: how every destination writes a cause. */
        public String describe() {
            return message == null ? type : type + ": " + message;
        }
    }
}
