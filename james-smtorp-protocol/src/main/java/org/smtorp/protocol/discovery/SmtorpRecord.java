/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.protocol.discovery;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.OnionAddress;
import org.smtorp.protocol.discovery.InvalidRecordException.Reason;

/**
 * Our TXT record at {@code _smtorp.<domain>}: the onion that receives the domain's mail, the
 * fingerprint of its TLS key, and optionally the port on the onion (docs/discovery.md):
 *
 * <pre>v=smtorp1; onion=&lt;56 characters&gt;.onion; fp=&lt;16-52 characters&gt;[; port=&lt;1-65535&gt;]</pre>
 *
 * <p>Parsed strictly: {@code v=smtorp1} first, each tag at most once, no tag that version 1 does
 * not define. A record we only half understood could say something we must honour, so a
 * future tag comes with a new version rather than being skipped.
 */
public final class SmtorpRecord {
    /** The DNS label the record stands under: {@code _smtorp.<domain>}. */
    public static final String LABEL = "_smtorp";
    public static final String VERSION = "smtorp1";
    /** What a TXT record of ours starts with, whatever its version. */
    public static final String PREFIX = "v=smtorp";
    public static final int DEFAULT_PORT = 25;

    private static final String V = "v";
    private static final String ONION = "onion";
    private static final String FP = "fp";
    private static final String PORT = "port";
    private static final Set<String> TAGS = Set.of(V, ONION, FP, PORT);
    private static final Pattern TAG_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,5}");

    private final OnionAddress onion;
    private final Fingerprint fingerprint;
    private final Optional<Integer> port;

    private SmtorpRecord(OnionAddress onion, Fingerprint fingerprint, Optional<Integer> port) {
        this.onion = onion;
        this.fingerprint = fingerprint;
        this.port = port;
    }

    public static SmtorpRecord of(OnionAddress onion, Fingerprint fingerprint) {
        return new SmtorpRecord(requireNonNull(onion, "onion"), requireNonNull(fingerprint, "fingerprint"),
            Optional.empty());
    }

    /** @throws IllegalArgumentException if the port is not 1 to 65535 */
    public SmtorpRecord withPort(int newPort) {
        if (newPort < 1 || newPort > 65535) {
            throw new IllegalArgumentException("port must be from 1 to 65535: " + newPort);
        }
        return new SmtorpRecord(onion, fingerprint, Optional.of(newPort));
    }

    /** Whether a TXT record's text claims to be ours (any version): other TXT records at the name are not. */
    public static boolean isSmtorp(String text) {
        return text.trim().startsWith(PREFIX);
    }

    /**
     * Parses the text of one TXT record (its character-strings joined).
     *
     * @throws InvalidRecordException naming the failed rule
     */
    public static SmtorpRecord parse(String text) {
        requireNonNull(text, "text");
        Map<String, String> tags = tags(text);
        String version = tags.get(V);
        if (!VERSION.equals(version)) {
            throw new InvalidRecordException(Reason.VERSION, "unknown version '" + version + "', only v="
                + VERSION + " is defined", text);
        }
        for (String name : tags.keySet()) {
            if (!TAGS.contains(name)) {
                throw new InvalidRecordException(Reason.UNKNOWN_TAG, "unknown tag '" + name + "'; v=" + VERSION
                    + " defines v, onion, fp and port", text);
            }
        }
        OnionAddress onion = onion(required(tags, ONION, text), text);
        Fingerprint fingerprint = fingerprint(required(tags, FP, text), text);
        Optional<Integer> port = Optional.ofNullable(tags.get(PORT)).map(value -> port(value, text));
        return new SmtorpRecord(onion, fingerprint, port);
    }

    // tag=value pairs split on ';', spaces around both allowed, a trailing ';' allowed; v first.
    private static Map<String, String> tags(String text) {
        String[] parts = text.split(";", -1);
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                if (i == parts.length - 1 && i > 0) {
                    break;
                }
                throw new InvalidRecordException(Reason.SYNTAX, "empty tag at position " + (i + 1), text);
            }
            int equals = part.indexOf('=');
            if (equals < 0) {
                throw new InvalidRecordException(Reason.SYNTAX, "'" + part + "' is not tag=value", text);
            }
            String name = part.substring(0, equals).trim();
            String value = part.substring(equals + 1).trim();
            if (!TAG_NAME.matcher(name).matches()) {
                throw new InvalidRecordException(Reason.SYNTAX, "'" + name + "' is not a tag name (lower-case "
                    + "letters, digits, '_')", text);
            }
            if (i == 0 && !name.equals(V)) {
                throw new InvalidRecordException(Reason.VERSION, "the record must start with v=" + VERSION, text);
            }
            if (tags.containsKey(name)) {
                throw new InvalidRecordException(Reason.DUPLICATE_TAG, "tag '" + name + "' appears twice", text);
            }
            tags.put(name, value);
        }
        return tags;
    }

    private static String required(Map<String, String> tags, String name, String text) {
        String value = tags.get(name);
        if (value == null || value.isEmpty()) {
            throw new InvalidRecordException(Reason.MISSING_TAG, "tag '" + name + "' is missing", text);
        }
        return value;
    }

    private static OnionAddress onion(String value, String text) {
        if (!value.toLowerCase(Locale.ROOT).endsWith("." + OnionAddress.TLD)) {
            throw new InvalidRecordException(Reason.ONION, "onion '" + value + "' must end in .onion", text);
        }
        try {
            return OnionAddress.parse(value);
        } catch (InvalidAddressException e) {
            throw new InvalidRecordException(Reason.ONION, "onion is invalid (" + e.detail() + ")", text);
        }
    }

    private static Fingerprint fingerprint(String value, String text) {
        try {
            return Fingerprint.parse(value);
        } catch (InvalidAddressException e) {
            throw new InvalidRecordException(Reason.FINGERPRINT, "fp is invalid (" + e.detail() + ")", text);
        }
    }

    private static int port(String value, String text) {
        int port = DIGITS.matcher(value).matches() ? Integer.parseInt(value) : 0;
        if (port < 1 || port > 65535) {
            throw new InvalidRecordException(Reason.PORT, "port '" + value + "' is not a number from 1 to 65535",
                text);
        }
        return port;
    }

    public OnionAddress onion() {
        return onion;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }

    /** The port the record gives, if it gives one. */
    public Optional<Integer> port() {
        return port;
    }

    /** The record's text in canonical form, as {@code smtorp dns-records} prints it. */
    public String asString() {
        return "v=" + VERSION + "; " + ONION + "=" + onion.asString() + "; " + FP + "=" + fingerprint.asString()
            + port.map(p -> "; " + PORT + "=" + p).orElse("");
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof SmtorpRecord)) {
            return false;
        }
        SmtorpRecord other = (SmtorpRecord) o;
        return onion.equals(other.onion) && fingerprint.equals(other.fingerprint) && port.equals(other.port);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(onion, fingerprint, port);
    }

    @Override
    public String toString() {
        return "SmtorpRecord{" + asString() + "}";
    }
}
