/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpAddress;

/**
 * One recorded announcement: mail for {@code address} may go to {@code smtorpAddress}, as an
 * authenticated {@code SMTorP-Address} header said at {@code recordedAt}; {@code evidence}
 * says what authenticated it. Its line in the store is {@link #asString()}: four fields
 * separated by tabs; no field holds a tab, a line break or any other control character, so
 * each value is one line with exactly four fields.
 */
public final class AnnouncedAddress {
    private static final char SEPARATOR = '\t';

    private final MailAddress address;
    private final SmtorpAddress smtorpAddress;
    private final Instant recordedAt;
    private final String evidence;

    private AnnouncedAddress(MailAddress address, SmtorpAddress smtorpAddress, Instant recordedAt, String evidence) {
        this.address = address;
        this.smtorpAddress = smtorpAddress;
        this.recordedAt = recordedAt;
        this.evidence = evidence;
    }

    /**
     * @throws IllegalArgumentException if the evidence is blank, or any field holds a control
     *         character (a tab or line break among them); the message names the field and the
     *         character, never the address
     */
    public static AnnouncedAddress of(MailAddress address, SmtorpAddress smtorpAddress, Instant recordedAt,
                                      String evidence) {
        requireNonNull(address, "address");
        requireNonNull(smtorpAddress, "smtorpAddress");
        requireNonNull(recordedAt, "recordedAt");
        requireNonNull(evidence, "evidence");
        MailAddress key = key(address);
        requireOneLine("the address", key.asString());
        requireOneLine("the SMTorP address", smtorpAddress.asString());
        requireOneLine("the evidence", evidence);
        if (evidence.isBlank()) {
            throw new IllegalArgumentException("the evidence is blank");
        }
        return new AnnouncedAddress(key, smtorpAddress, recordedAt, evidence);
    }

    // The store's line and field separators are control characters; refusing them all keeps
    // every line four fields, whatever a signed From or a hand edit holds.
    private static void requireOneLine(String field, String value) {
        value.codePoints().filter(Character::isISOControl).findFirst().ifPresent(c -> {
            throw new IllegalArgumentException(field + " has the control character "
                + String.format("U+%04X", c) + " and can not be stored");
        });
    }

    /** The form addresses are looked up in: the domain in lower case, as James compares it. */
    static MailAddress key(MailAddress address) {
        try {
            return new MailAddress(address.getLocalPart(), address.getDomain().asString());
        } catch (AddressException e) {
            throw new IllegalArgumentException("not an address: " + address.asString(), e);
        }
    }

    /**
     * Parses one line of the store, without its line end ({@link AnnouncedAddresses} skips
     * blank lines and {@code #} comments before it calls this). Any string is safe to pass.
     *
     * @throws IllegalArgumentException naming the field that is wrong (and only that)
     * @throws NullPointerException if {@code line} is null
     */
    public static AnnouncedAddress parse(String line) {
        requireNonNull(line, "line");
        String[] fields = line.split(String.valueOf(SEPARATOR), -1);
        if (fields.length != 4) {
            throw new IllegalArgumentException("a line has 4 tab-separated fields (address, SMTorP address, "
                + "recorded at, evidence), not " + fields.length);
        }
        MailAddress address;
        try {
            address = new MailAddress(fields[0]);
        } catch (AddressException | IllegalArgumentException e) {
            throw new IllegalArgumentException("address \"" + fields[0] + "\": " + e.getMessage(), e);
        }
        SmtorpAddress smtorpAddress;
        try {
            smtorpAddress = SmtorpAddress.parse(fields[1]);
        } catch (InvalidAddressException e) {
            throw new IllegalArgumentException("SMTorP address \"" + fields[1] + "\": " + e.getMessage(), e);
        }
        Instant recordedAt;
        try {
            recordedAt = Instant.parse(fields[2]);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("recorded at \"" + fields[2] + "\" is not an ISO-8601 instant", e);
        }
        return of(address, smtorpAddress, recordedAt, fields[3]);
    }

    /** Whose announcement this is: mail for this address may go over Tor. */
    public MailAddress address() {
        return address;
    }

    public SmtorpAddress smtorpAddress() {
        return smtorpAddress;
    }

    public Instant recordedAt() {
        return recordedAt;
    }

    public String evidence() {
        return evidence;
    }

    public String asString() {
        return address.asString() + SEPARATOR + smtorpAddress.asString() + SEPARATOR + recordedAt + SEPARATOR
            + evidence;
    }

    @Override
    public final boolean equals(Object o) {
        if (!(o instanceof AnnouncedAddress)) {
            return false;
        }
        AnnouncedAddress other = (AnnouncedAddress) o;
        return address.equals(other.address) && smtorpAddress.equals(other.smtorpAddress)
            && recordedAt.equals(other.recordedAt) && evidence.equals(other.evidence);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(address, smtorpAddress, recordedAt, evidence);
    }

    // Addresses are personal data: logs name the domain only.
    @Override
    public String toString() {
        return "announcement for @" + address.getDomain().asString() + " -> @" + smtorpAddress.domain().asString()
            + " (" + evidence + ", " + recordedAt + ")";
    }
}
