package dev.erroralert.spring.autoconfigure;

import java.net.InetAddress;

import org.springframework.util.StringUtils;

/**
 * The name alerts give this instance when none is configured: the host name, which is the pod's name on Kubernetes
 * and the container's id on Docker. Read once, at start-up.
 */
final class InstanceName {

    private InstanceName() {
    }

    /** The HOSTNAME (or on Windows COMPUTERNAME) environment variable, else the local host's name; empty if none. */
    static String ofThisHost() {
        for (String variable : new String[] { "HOSTNAME", "COMPUTERNAME" }) {
            String value = System.getenv(variable);
            if (StringUtils.hasText(value)) {
                return value.strip();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (Exception ex) {
            // Alerts without an instance are still alerts.
            return "";
        }
    }
}
