/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.node.MovedParameters;
import org.smtorp.mailets.node.NodeSettings;
import org.smtorp.mailets.parameters.InitParameters;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.InvalidAddressException;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.sender.RelayedMail;

/**
 * Adds {@code SMTorP-Address: <local part>@<fingerprint>.<our onion>} to mail whose sender
 * is one of our local users, replacing any such header the user wrote: the recipient's
 * server may record it (docs/announce.md) and then reach the sender over Tor. The onion and
 * fingerprint are the node's identity ({@code identity.directory} in smtorp.properties).
 * <pre>
 * &lt;mailet match="All" class="org.smtorp.mailets.announce.AddSmtorpAddress"&gt;
 *     &lt;fingerprintLength&gt;52&lt;/fingerprintLength&gt;   &lt;!-- 16 to 52 characters --&gt;
 *     &lt;enabled&gt;true&lt;/enabled&gt;
 * &lt;/mailet&gt;
 * </pre>
 */
public final class AddSmtorpAddress extends GenericMailet {
    public static final String FINGERPRINT_LENGTH = "fingerprintLength";
    public static final String ENABLED = "enabled";
    static final Set<String> NAMES = Set.of(FINGERPRINT_LENGTH, ENABLED);
    private static final Set<String> KNOWN = MovedParameters.andMoved(NAMES);

    private static final Logger LOGGER = LoggerFactory.getLogger(AddSmtorpAddress.class);
    private static final String MAILET = "AddSmtorpAddress";

    private final FileSystem fileSystem;
    private final NodeSettings node;
    private final ServerIdentity identity;
    private boolean enabled;
    private SmtorpDomain domain;

    /** @param identity the node's, from {@code identity.directory} in smtorp.properties */
    @Inject
    public AddSmtorpAddress(FileSystem fileSystem, NodeSettings node, ServerIdentity identity) {
        this.fileSystem = fileSystem;
        this.node = node;
        this.identity = identity;
    }

    @Override
    public void init() throws MessagingException {
        InitParameters parameters = InitParameters.of(MAILET, getMailetConfig(), KNOWN);
        MovedParameters.check(MAILET, parameters, workingDirectory(), node, identity);
        enabled = parameters.flag(ENABLED, true);
        int length = parameters.parsed(FINGERPRINT_LENGTH, AddSmtorpAddress::length,
            Fingerprint.MIN_LENGTH + " to " + Fingerprint.FULL_LENGTH + " characters").orElse(Fingerprint.FULL_LENGTH);
        domain = SmtorpDomain.of(abbreviated(identity.fingerprint(), length), identity.onion());
        LOGGER.info("{} announces local senders as <user>@{}", enabled ? "SMTorP-Address" : "(disabled) SMTorP-Address",
            domain.asString());
    }

    private Path workingDirectory() throws MessagingException {
        try {
            return fileSystem.getBasedir().toPath();
        } catch (FileNotFoundException e) {
            throw new MessagingException("James has no working directory", e);
        }
    }

    private static int length(String text) {
        int value = Integer.parseInt(text);
        if (value < Fingerprint.MIN_LENGTH || value > Fingerprint.FULL_LENGTH) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    // Cut by characters, as an operator counts them in the address.
    private static Fingerprint abbreviated(Fingerprint full, int characters) {
        return Fingerprint.parse(full.asString().substring(0, characters));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (!enabled) {
            return;
        }
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isEmpty() || !getMailetContext().isLocalEmail(sender.get())) {
            return;
        }
        // Mail our onion listener relays for another server is that server's, whatever its sender
        // claims: it gets neither our users' announcement nor, through it, our key's word.
        if (mail.getAttribute(AttributeName.of(RelayedMail.ATTRIBUTE)).isPresent()) {
            LOGGER.info("Relayed mail names a local sender; no SMTorP-Address added");
            return;
        }
        SmtorpAddress address;
        try {
            address = SmtorpAddress.of(sender.get().getLocalPart(), domain);
        } catch (InvalidAddressException e) {
            LOGGER.debug("A local part that is no SMTorP local part gets no SMTorP-Address: {}", e.reason());
            return;
        }
        MimeMessage message = mail.getMessage();
        message.setHeader(SmtorpAddressHeader.NAME, SmtorpAddressHeader.value(address));
        message.saveChanges();
    }

    @Override
    public String getMailetInfo() {
        return "AddSmtorpAddress: announces a local sender's SMTorP address";
    }
}
