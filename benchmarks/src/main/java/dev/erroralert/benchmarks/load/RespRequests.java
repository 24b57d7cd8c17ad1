package dev.erroralert.benchmarks.load;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Finds the commands in the bytes a client sends Redis — RESP arrays of bulk strings, as Lettuce writes them, or
 * inline commands — fed chunk by chunk as they arrive, and names each one (in lower case) to a listener. One
 * instance parses one connection's stream, on one thread.
 */
final class RespRequests {

    private enum State { REQUEST_START, ARRAY_HEADER, BULK_HEADER, BULK_BODY, INLINE }

    private final Consumer<String> listener;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder name = new StringBuilder();
    private State state = State.REQUEST_START;
    private long arguments;
    private long argument;
    private long bodyLeft;

    RespRequests(Consumer<String> listener) {
        this.listener = listener;
    }

    /** Take the next {@code length} bytes of the client's stream. */
    void accept(byte[] bytes, int length) {
        int i = 0;
        while (i < length) {
            byte b = bytes[i];
            switch (state) {
                case REQUEST_START -> {
                    line.setLength(0);
                    name.setLength(0);
                    if (b == '*') {
                        state = State.ARRAY_HEADER;
                        i++;
                    }
                    else {
                        state = State.INLINE;
                    }
                }
                case ARRAY_HEADER, BULK_HEADER, INLINE -> {
                    i++;
                    if (b == '\n') {
                        headerEnded();
                    }
                    else if (b != '\r') {
                        line.append((char) b);
                    }
                }
                case BULK_BODY -> {
                    int take = (int) Math.min(bodyLeft, length - i);
                    if (argument == 0) {
                        // The command's name is the first argument; its CRLF is not part of it.
                        int nameBytes = (int) Math.max(0, Math.min(take, bodyLeft - 2));
                        name.append(new String(bytes, i, nameBytes, StandardCharsets.US_ASCII));
                    }
                    i += take;
                    bodyLeft -= take;
                    if (bodyLeft == 0) {
                        argument++;
                        if (argument == arguments) {
                            complete(name.toString());
                        }
                        else {
                            state = State.BULK_HEADER;
                        }
                    }
                }
            }
        }
    }

    private void headerEnded() {
        String header = line.toString();
        line.setLength(0);
        switch (state) {
            case ARRAY_HEADER -> {
                arguments = Long.parseLong(header);
                argument = 0;
                state = arguments <= 0 ? State.REQUEST_START : State.BULK_HEADER;
            }
            // "$<length>": the body follows, then CRLF.
            case BULK_HEADER -> {
                bodyLeft = Long.parseLong(header.substring(1)) + 2;
                state = State.BULK_BODY;
            }
            case INLINE -> {
                String command = header.strip();
                int space = command.indexOf(' ');
                if (command.isEmpty()) {
                    state = State.REQUEST_START;
                }
                else {
                    complete(space < 0 ? command : command.substring(0, space));
                }
            }
            default -> throw new IllegalStateException("No header is read in state " + state);
        }
    }

    private void complete(String command) {
        state = State.REQUEST_START;
        listener.accept(command.toLowerCase(Locale.ROOT));
    }
}
