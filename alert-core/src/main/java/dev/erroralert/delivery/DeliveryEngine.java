package dev.erroralert.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.erroralert.notify.Alert;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each alert to its destination's lane: the route named on its capture site, else a rule naming its exception
 * type or the type of one of its causes (exact class names), else the default destination. Each destination has a lane of its own (see {@link Lane}), so
 * one destination's outage or rate limit never holds up another's alerts.
 */
public final class DeliveryEngine implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(DeliveryEngine.class);

    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Lane defaultLane;
    private final Map<String, String> routeByExceptionType;
    private final @Nullable Outbox outbox;
    private final DeliveryCounters counters;
    private final Set<String> unknownRoutesReported = ConcurrentHashMap.newKeySet();

    /**
     * An engine telling no observer.
     *
     * @param defaultDestination where unrouted alerts go
     * @param routes destinations by route name
     * @param routeByExceptionType route names by exception class name, for alerts whose site names no route
     * @param outbox where messages wait while their destination is down, or {@code null} to log them in full instead
     * @param settings how each lane paces, retries and parks
     */
    public DeliveryEngine(Destination defaultDestination, Map<String, Destination> routes,
            Map<String, String> routeByExceptionType, @Nullable Outbox outbox, DeliverySettings settings) {
        this(defaultDestination, routes, routeByExceptionType, outbox, settings, DeliveryObserver.none());
    }

    /**
     * An engine telling {@code observer} what happens to each message (for metrics).
     *
     * @param defaultDestination where unrouted alerts go
     * @param routes destinations by route name
     * @param routeByExceptionType route names by exception class name, for alerts whose site names no route
     * @param outbox where messages wait while their destination is down, or {@code null} to log them in full instead
     * @param settings how each lane paces, retries and parks
     * @param observer told of every delivery, retry, park and drop; it must be quick (see {@link DeliveryObserver})
     */
    public DeliveryEngine(Destination defaultDestination, Map<String, Destination> routes,
            Map<String, String> routeByExceptionType, @Nullable Outbox outbox, DeliverySettings settings,
            DeliveryObserver observer) {
        Objects.requireNonNull(defaultDestination, "defaultDestination");
        this.outbox = outbox;
        this.counters = new DeliveryCounters(Objects.requireNonNull(observer, "observer"));
        this.defaultLane = new Lane(defaultDestination, outbox, settings, counters);
        routes.forEach((route, destination) -> lanes.put(route, new Lane(destination, outbox, settings, counters)));
        this.routeByExceptionType = Map.copyOf(routeByExceptionType);
        for (String route : this.routeByExceptionType.values()) {
            if (!lanes.containsKey(route)) {
                throw new IllegalArgumentException("A rule routes to '" + route + "', which is not a configured route");
            }
        }
    }

    /** A single destination, no routes, no outbox: failed messages are logged in full. */
    public static DeliveryEngine to(Destination destination) {
        return new DeliveryEngine(destination, Map.of(), Map.of(), null, DeliverySettings.ofDefaults());
    }

    public DeliveryEngine start() {
        defaultLane.start();
        lanes.values().forEach(Lane::start);
        return this;
    }

    /** Hand an alert to its destination's lane. Never blocks on the destination. */
    public void submit(Alert alert) {
        laneFor(alert).submit(alert);
    }

    public DeliveryStats stats() {
        return counters.snapshot();
    }

    /** Where each destination stands, the default one first, then the routes; no I/O. */
    public List<DestinationState> destinations() {
        List<DestinationState> states = new ArrayList<>(lanes.size() + 1);
        states.add(defaultLane.state());
        lanes.values().forEach(lane -> states.add(lane.state()));
        return states;
    }

    /**
     * How many messages wait in the outbox for {@code destination}, parked by any instance. Asks the outbox, so it
     * may wait as long as the outbox's own timeout (a database query).
     *
     * @return the count, or empty when there is no outbox
     * @throws RuntimeException when the outbox cannot answer
     */
    public OptionalLong outboxDepth(String destination) {
        return outbox == null ? OptionalLong.empty() : OptionalLong.of(outbox.depth(destination));
    }

    /** Deliver what is queued within {@code timeout}; park or log whatever is left. */
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Lane> all = new ArrayList<>(lanes.values());
        all.add(defaultLane);
        all.forEach(lane -> lane.stop(deadline));
        all.forEach(lane -> lane.join(deadline));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private Lane laneFor(Alert alert) {
        String route = alert.site().route();
        if (route == null) {
            route = routeByExceptionType.get(alert.error().type());
        }
        // A rule also matches a cause: the database's exception usually arrives wrapped by a framework's.
        for (int i = 0; route == null && i < alert.error().causes().size(); i++) {
            route = routeByExceptionType.get(alert.error().causes().get(i).type());
        }
        if (route == null) {
            return defaultLane;
        }
        Lane lane = lanes.get(route);
        if (lane == null) {
            if (unknownRoutesReported.add(route)) {
                logger.warn("error-alert: no route named '{}' is configured; its alerts go to the default destination",
                        route);
            }
            return defaultLane;
        }
        return lane;
    }

    /**
     * Where a destination stands in this instance.
     *
     * @param name the destination's name ({@link Destination#name()})
     * @param lastDelivered when this instance last got a message to it (fresh or redelivered); {@code null} if never
     * @param queued alerts waiting in its lane
     * @param down whether its last message was given up on (attempts spent, or refused) with none delivered since
     */
    public record DestinationState(String name, @Nullable Instant lastDelivered, int queued, boolean down) {

        /** Checks the name. */
        public DestinationState {
            Objects.requireNonNull(name, "name");
        }
    }
}
