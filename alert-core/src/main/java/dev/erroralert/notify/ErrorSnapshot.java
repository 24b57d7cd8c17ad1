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
 * The text is raw: each notifier escapes and masks it for its destination.
 *
 * @param type the exception's class name
 * @param message the message, at most {@link ThrownError#MAX_MESSAGE_LENGTH} characters, or {@code null}
 * @param causes the causes as {@code type: message}, outermost first, at most {@link #MAX_CAUSES}
 * @param frames the top in-app frames of the deepest cause, at most {@link #MAX_FRAMES}
 */
public record ErrorSnapshot(String type, @Nullable String message, List<String> causes, List<String> frames) {

    public static final int MAX_CAUSES = 5;
    public static final int MAX_FRAMES = 10;
    static final int MAX_CAUSE_MESSAGE_LENGTH = 300;

    public ErrorSnapshot {
        Objects.requireNonNull(type, "type");
        causes = List.copyOf(causes);
        frames = List.copyOf(frames);
    }

    /** The snapshot of an exception read by {@link ThrownError#read(Throwable)}. */
    public static ErrorSnapshot of(ThrownError error, InAppFrames inAppFrames) {
        List<String> causes = new ArrayList<>();
        for (ThrownError.Cause cause : error.causes().subList(1, error.causes().size())) {
            if (causes.size() == MAX_CAUSES) {
                break;
            }
            String message = cause.message();
            if (message != null && message.length() > MAX_CAUSE_MESSAGE_LENGTH) {
                message = message.substring(0, MAX_CAUSE_MESSAGE_LENGTH) + "…";
            }
            causes.add(message == null ? cause.type() : cause.type() + ": " + message);
        }
        List<String> frames = inAppFrames.top(error.innermost().frames(), MAX_FRAMES).stream()
                .map(ErrorSnapshot::describe)
                .toList();
        ThrownError.Cause outermost = error.outermost();
        return new ErrorSnapshot(outermost.type(), outermost.message(), causes, frames);
    }

    /** The class name without its package, for headlines. */
    public String simpleType() {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static String describe(StackTraceElement frame) {
        String where = frame.getFileName() == null ? "Unknown Source"
                : frame.getLineNumber() >= 0 ? frame.getFileName() + ":" + frame.getLineNumber() : frame.getFileName();
        return GeneratedNames.className(frame.getClassName()) + "." + frame.getMethodName() + "(" + where + ")";
    }
}
