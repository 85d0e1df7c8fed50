/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.smtp;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.util.DurationParser;

/**
 * How long a new connection may take, counted from its TCP connect, to bring TLS up
 * ({@code <tlsDeadline>}) and to greet with EHLO or HELO under TLS ({@code <ehloDeadline>}),
 * as {@link ConnectionDeadlineHandler} reads them:
 * <pre>
 * &lt;handler class="org.smtorp.protocol.smtp.ConnectionDeadlineHandler"&gt;
 *     &lt;tlsDeadline&gt;10 seconds&lt;/tlsDeadline&gt;
 *     &lt;ehloDeadline&gt;30 seconds&lt;/ehloDeadline&gt;
 * &lt;/handler&gt;
 * </pre>
 * James's {@code connectiontimeout} counts idle time and RFC 5321 asks for minutes of it; a
 * connection that has not even started is no such client, and would hold one of the
 * listener's {@code connectionLimit} slots for those minutes.
 */
public final class ConnectionDeadlines {
    static final String TLS_DEADLINE = "tlsDeadline";
    static final String EHLO_DEADLINE = "ehloDeadline";
    static final Duration DEFAULT_TLS_DEADLINE = Duration.ofSeconds(10);
    static final Duration DEFAULT_EHLO_DEADLINE = Duration.ofSeconds(30);
    /** RFC 5321 4.5.3.2.1 waits 5 minutes for the greeting; longer would be no deadline at all. */
    static final Duration LONGEST = Duration.ofMinutes(5);

    private final Duration tls;
    private final Duration ehlo;

    private ConnectionDeadlines(Duration tls, Duration ehlo) {
        this.tls = tls;
        this.ehlo = ehlo;
    }

    /**
     * @throws IllegalArgumentException unless both are positive, at most {@link #LONGEST}, and the
     *         EHLO deadline is not before the TLS one (EHLO under TLS needs TLS first)
     */
    public static ConnectionDeadlines of(Duration tls, Duration ehlo) {
        check(TLS_DEADLINE, tls);
        check(EHLO_DEADLINE, ehlo);
        if (ehlo.compareTo(tls) < 0) {
            throw new IllegalArgumentException(EHLO_DEADLINE + " (" + ehlo.toMillis() + " ms) is before "
                + TLS_DEADLINE + " (" + tls.toMillis() + " ms): EHLO under TLS can not come before TLS");
        }
        return new ConnectionDeadlines(tls, ehlo);
    }

    private static void check(String name, Duration deadline) {
        if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException(name + " must be more than 0 and at most " + LONGEST.toMinutes()
                + " minutes, not " + deadline.toMillis() + " ms");
        }
    }

    /** @throws ConfigurationException naming the handler and the element */
    static ConnectionDeadlines from(Configuration configuration) throws ConfigurationException {
        HandlerElements.of(ConnectionDeadlineHandler.class, configuration, Set.of(TLS_DEADLINE, EHLO_DEADLINE));
        Duration tls = duration(configuration, TLS_DEADLINE).orElse(DEFAULT_TLS_DEADLINE);
        Duration ehlo = duration(configuration, EHLO_DEADLINE).orElse(DEFAULT_EHLO_DEADLINE);
        try {
            return of(tls, ehlo);
        } catch (IllegalArgumentException e) {
            throw failure(e.getMessage());
        }
    }

    // James's duration syntax, as for its other timeouts: "10", "10s", "10 seconds"; a bare number is seconds.
    private static Optional<Duration> duration(Configuration configuration, String element)
        throws ConfigurationException {
        String text = configuration.getString(element, null);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DurationParser.parse(text.trim(), ChronoUnit.SECONDS));
        } catch (RuntimeException e) {
            throw failure("<" + element + ">" + text + "</" + element + "> is not a duration such as \"10 seconds\"");
        }
    }

    private static ConfigurationException failure(String problem) {
        return new ConfigurationException(ConnectionDeadlineHandler.class.getSimpleName() + ": " + problem);
    }

    /** From connect until the TLS handshake has completed (implicit TLS, or EHLO, STARTTLS and handshake). */
    public Duration tls() {
        return tls;
    }

    /** From connect until EHLO or HELO was accepted and TLS is up. */
    public Duration ehlo() {
        return ehlo;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConnectionDeadlines)) {
            return false;
        }
        ConnectionDeadlines that = (ConnectionDeadlines) o;
        return tls.equals(that.tls) && ehlo.equals(that.ehlo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tls, ehlo);
    }

    @Override
    public String toString() {
        return "ConnectionDeadlines{tls=" + tls.toMillis() + " ms, ehlo=" + ehlo.toMillis() + " ms}";
    }
}
