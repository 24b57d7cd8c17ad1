package dev.erroralert.spring.endpoint;

import java.util.Objects;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * A parameter of an {@code erroralerts} operation has a value the operation cannot take. Its reason names the
 * parameter, so that a caller can tell what to fix; over HTTP it becomes a 400 response.
 */
public class InvalidParameterException extends InvalidEndpointRequestException {

    private final String parameter;

    /**
     * @param parameter the parameter's name, as the caller wrote it
     * @param reason what is wrong, naming the parameter
     */
    public InvalidParameterException(String parameter, String reason) {
        super(reason, reason);
        this.parameter = Objects.requireNonNull(parameter, "parameter");
    }

    /** The name of the parameter that was refused. */
    public String getParameter() {
        return parameter;
    }
}
