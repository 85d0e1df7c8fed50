/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.parameters;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import javax.mail.MessagingException;

import org.apache.james.util.DurationParser;
import org.apache.mailet.MailetConfig;

/**
 * A mailet's init parameters the James way: unknown names and bad values fail {@code init()}
 * naming the mailet, the parameter and what is allowed, never a warning and a default.
 */
public final class InitParameters {
    /**
     * Read by James's mailet container, not by the mailet, on every mailet element: where a mail
     * goes when {@code service} (or the matcher) throws. GenericMailet.checkInitParameters
     * allows them on every mailet; so do we.
     */
    public static final Set<String> CONTAINER_PARAMETERS = Set.of("onMailetException", "onMatchException");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+");

    private final String mailet;
    private final MailetConfig config;

    private InitParameters(String mailet, MailetConfig config) {
        this.mailet = mailet;
        this.config = config;
    }

    /** @throws MessagingException naming the parameters not in {@code known} */
    public static InitParameters of(String mailet, MailetConfig config, Set<String> known) throws MessagingException {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> names = config.getInitParameterNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name) && !CONTAINER_PARAMETERS.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new MessagingException(mailet + " does not know the parameters " + unknown + "; known: "
                + new TreeSet<>(known));
        }
        return new InitParameters(mailet, config);
    }

    public Optional<String> text(String name) {
        return Optional.ofNullable(config.getInitParameter(name)).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String required(String name, String allowed) throws MessagingException {
        return text(name).orElseThrow(() -> new MessagingException(mailet + " needs the parameter " + name + " ("
            + allowed + ")"));
    }

    /** The parsed value; a parser's exception of any kind means a bad value. */
    public <T> Optional<T> parsed(String name, Function<String, T> parser, String allowed) throws MessagingException {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(text.get()));
        } catch (RuntimeException e) {
            throw invalid(name, text.get(), allowed);
        }
    }

    /**
     * A positive duration with its unit, such as "30 seconds". A bare number is refused: James
     * reads one as milliseconds in RemoteDelivery's timeouts and as seconds elsewhere, so
     * neither guess is safe where RemoteDelivery has no parameter of that name.
     */
    public Optional<Duration> duration(String name) throws MessagingException {
        Optional<String> text = text(name);
        if (text.isPresent() && BARE_NUMBER.matcher(text.get()).matches()) {
            throw invalid(name, text.get(), "a duration with its unit, such as \"" + text.get() + " seconds\" or \""
                + text.get() + " ms\"");
        }
        return parsed(name, InitParameters::positiveDuration, "a duration such as \"30 seconds\"");
    }

    /**
     * A positive duration where a bare number means milliseconds, as RemoteDelivery reads its
     * {@code timeout}: the value copied from its element means the same here.
     */
    public Optional<Duration> durationOrMilliseconds(String name) throws MessagingException {
        return parsed(name, text -> positiveDuration(text, ChronoUnit.MILLIS),
            "milliseconds (as RemoteDelivery's) or a duration such as \"2 minutes\"");
    }

    private static Duration positiveDuration(String text) {
        return positiveDuration(text, ChronoUnit.SECONDS);
    }

    private static Duration positiveDuration(String text, ChronoUnit bareUnit) {
        Duration value = DurationParser.parse(text, bareUnit);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(text);
        }
        return value;
    }

    public boolean flag(String name, boolean fallback) throws MessagingException {
        return parsed(name, InitParameters::bool, "true or false").orElse(fallback);
    }

    private static boolean bool(String text) {
        switch (text) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(text);
        }
    }

    public MessagingException invalid(String name, String value, String allowed) {
        return new MessagingException(mailet + " parameter " + name + "=\"" + value + "\" is invalid; allowed: "
            + allowed);
    }
}
