/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.session;

import static java.util.Objects.requireNonNull;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.DsnParameters.RecipientDsnParameters;

/**
 * The RFC 3461 parameters a mail arrived with (James keeps them as {@link DsnParameters} on
 * the Mail), written as they go on: RET and ENVID after MAIL FROM, NOTIFY and ORCPT after each
 * RCPT TO. Given only to a server that announces DSN in its EHLO, as JavaMail does for
 * James's MailDelivrerToHost; unlike it, ORCPT is relayed too, as RFC 3461 section 5.2.1 asks.
 */
public final class DsnArguments {
    public static final DsnArguments NONE = new DsnArguments(Optional.empty(), Optional.empty(), Map.of());

    private final Optional<DsnParameters.Ret> ret;
    private final Optional<DsnParameters.EnvId> envId;
    private final Map<MailAddress, RecipientDsnParameters> recipients;

    private DsnArguments(Optional<DsnParameters.Ret> ret, Optional<DsnParameters.EnvId> envId,
                         Map<MailAddress, RecipientDsnParameters> recipients) {
        this.ret = ret;
        this.envId = envId;
        this.recipients = Map.copyOf(recipients);
    }

    /** @param recipients each RCPT TO address with the parameters its original recipient came with */
    public static DsnArguments of(Optional<DsnParameters> dsn, Map<MailAddress, RecipientDsnParameters> recipients) {
        requireNonNull(dsn, "dsn");
        return new DsnArguments(dsn.flatMap(DsnParameters::getRetParameter), dsn.flatMap(DsnParameters::getEnvIdParameter),
            recipients);
    }

    /** What follows {@code MAIL FROM:<...>}: empty, or a space and the parameters. */
    public String mailFrom() {
        StringBuilder arguments = new StringBuilder();
        ret.ifPresent(value -> arguments.append(" RET=").append(value.name()));
        // James keeps ENVID as it came, xtext already (EnvId.of checks it): it goes on unchanged.
        envId.ifPresent(value -> arguments.append(" ENVID=").append(value.asString()));
        return arguments.toString();
    }

    /** What follows {@code RCPT TO:<recipient>}: empty, or a space and the parameters. */
    public String rcptTo(MailAddress recipient) {
        RecipientDsnParameters parameters = recipients.get(recipient);
        if (parameters == null) {
            return "";
        }
        StringBuilder arguments = new StringBuilder();
        parameters.getNotifyParameter().ifPresent(notify -> arguments.append(" NOTIFY=").append(notify(notify)));
        parameters.getOrcptParameter().flatMap(orcpt -> xtext(orcpt.asString()))
            .ifPresent(orcpt -> arguments.append(" ORCPT=rfc822;").append(orcpt));
        return arguments.toString();
    }

    private static String notify(EnumSet<DsnParameters.Notify> values) {
        return values.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    /**
     * RFC 3461 section 4: printable US-ASCII but "+" and "=" as is, anything else "+" and two
     * upper-case hex digits. Empty for text beyond US-ASCII, which xtext cannot carry (that
     * needs SMTPUTF8's utf-8-addr-xtext): the parameter is then left out, never mangled.
     */
    static Optional<String> xtext(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7f) {
                return Optional.empty();
            }
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                encoded.append(c);
            } else {
                encoded.append('+').append(String.format("%02X", (int) c));
            }
        }
        return Optional.of(encoded.toString());
    }

    @Override
    public String toString() {
        return "DSN" + mailFrom() + (recipients.isEmpty() ? "" : ", " + recipients.size() + " recipient(s) with NOTIFY/ORCPT");
    }
}
