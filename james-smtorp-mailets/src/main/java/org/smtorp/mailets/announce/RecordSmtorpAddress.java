/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.mailets.connection.Deadline;
import org.smtorp.mailets.connection.PinStore;
import org.smtorp.mailets.connection.SocksConnector;
import org.smtorp.mailets.connection.TorConnection;
import org.smtorp.mailets.node.MovedParameters;
import org.smtorp.mailets.node.NodeSettings;
import org.smtorp.mailets.parameters.InitParameters;
import org.smtorp.mailets.route.TlsMode;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.sender.ProvedSender;
import org.smtorp.protocol.dkim.DkimVerification;

/**
 * Records the {@code SMTorP-Address} of authenticated incoming mail in the store that
 * delivery consults ({@link AnnouncedRouteSource}); {@link AnnouncementRule} says what counts.
 * A mail proved over SMTorP is recorded only once tor shows that its onion serves the proved
 * key. For the DKIM path it verifies the signatures itself, with James's DKIM verifier and
 * key look-ups (no DKIMVerify needed before it), and only for mail that has the header. The
 * mail itself goes on unchanged, whatever is decided, header included (docs/announce.md).
 * It asks through the node's SOCKS port and pins ({@link NodeSettings}, smtorp.properties).
 * <pre>
 * &lt;mailet match="All" class="org.smtorp.mailets.announce.RecordSmtorpAddress"/&gt;
 * </pre>
 */
public final class RecordSmtorpAddress extends GenericMailet {
    public static final String TIMEOUT = "timeout";
    public static final String TLS_MODE = "tlsMode";
    static final Set<String> NAMES = Set.of(TIMEOUT, TLS_MODE);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOGGER = LoggerFactory.getLogger(RecordSmtorpAddress.class);
    private static final String MAILET = "RecordSmtorpAddress";

    /** Makes the onion check from the parsed parameters; tests give their own. */
    interface KeyCheckFactory {
        OnionKeyCheck create(InetSocketAddress socks, Duration timeout, TlsMode tlsMode, Path pinDirectory,
                             String heloName);
    }

    private final FileSystem fileSystem;
    private final AnnouncedAddresses store;
    private final Clock clock;
    private final KeyCheckFactory keyCheckFactory;
    private final DkimVerification dkim;
    private final NodeSettings node;
    private final ServerIdentity identity;
    private OnionKeyCheck keyCheck;

    /**
     * @param dkimKeys James's own binding, DNS TXT look-ups as its DKIMVerify mailet uses
     * @param node the SOCKS port and pin directory of smtorp.properties
     * @param identity ours: its onion is our HELO name when we ask an onion for its key
     */
    @Inject
    public RecordSmtorpAddress(FileSystem fileSystem, AnnouncedAddresses store, PublicKeyRecordRetriever dkimKeys,
                               NodeSettings node, ServerIdentity identity) {
        this(fileSystem, store, Clock.systemUTC(), (socks, timeout, tlsMode, pinDirectory, heloName) ->
            new TorKeyCheck(TorConnection.of(SocksConnector.of(socks, timeout), PinStore.in(pinDirectory)),
                PinStore.in(pinDirectory), socks, tlsMode, heloName, timeout, Deadline.timers("smtorp-xonion-check")),
            dkimKeys, node, identity);
    }

    RecordSmtorpAddress(FileSystem fileSystem, AnnouncedAddresses store, Clock clock, KeyCheckFactory keyCheckFactory,
                        PublicKeyRecordRetriever dkimKeys, NodeSettings node, ServerIdentity identity) {
        this.fileSystem = fileSystem;
        this.store = store;
        this.clock = clock;
        this.keyCheckFactory = keyCheckFactory;
        this.dkim = DkimVerification.with(dkimKeys);
        this.node = node;
        this.identity = identity;
    }

    @Override
    public void init() throws MessagingException {
        InitParameters parameters = InitParameters.of(MAILET, getMailetConfig(), MovedParameters.andMoved(NAMES));
        MovedParameters.check(MAILET, parameters, workingDirectory(), node, identity);
        // The socket's I/O timeout, as RemoteDelivery's timeout is: a bare number is milliseconds there.
        Duration timeout = parameters.durationOrMilliseconds(TIMEOUT).orElse(DEFAULT_TIMEOUT);
        TlsMode tlsMode = parameters.parsed(TLS_MODE, TlsMode::parse, "implicitOrStarttls, implicit or starttls")
            .orElse(TlsMode.IMPLICIT_OR_STARTTLS);
        keyCheck = keyCheckFactory.create(node.socks(), timeout, tlsMode, node.pinDirectory(),
            identity.onion().asString());
        LOGGER.info("Records authenticated SMTorP-Address headers in {}; onions checked through SOCKS {}",
            store.directory(), node.socksAsString());
    }

    private Path workingDirectory() throws MessagingException {
        try {
            return fileSystem.getBasedir().toPath();
        } catch (FileNotFoundException e) {
            throw new MessagingException("James has no working directory", e);
        }
    }

    /** Never throws for the announcement: whatever happens here, the mail goes on. */
    @Override
    public void service(Mail mail) {
        AnnouncementVerdict verdict;
        try {
            verdict = AnnouncementRule.judge(Announcement.from(mail, dkim));
        } catch (MessagingException | RuntimeException e) {
            LOGGER.info("SMTorP-Address not recorded: the message can not be read ({})", e.getMessage());
            return;
        }
        switch (verdict.kind()) {
            case NONE:
                return;
            case REFUSED:
                LOGGER.info("SMTorP-Address not recorded: {}", verdict.reason());
                return;
            default:
                record(verdict);
        }
    }

    private void record(AnnouncementVerdict verdict) {
        if (verdict.onionToCheck().isPresent()) {
            ProvedSender proved = verdict.onionToCheck().get();
            try {
                if (!keyCheck.serves(proved)) {
                    LOGGER.info("SMTorP-Address not recorded: {} serves another key than the one that proved it "
                        + "(XONION)", proved.onion().asString());
                    return;
                }
            } catch (IOException e) {
                LOGGER.info("SMTorP-Address not recorded: could not ask {} which key it serves ({})",
                    proved.onion().asString(), e.getMessage());
                return;
            }
        }
        AnnouncedAddress entry;
        try {
            entry = AnnouncedAddress.of(verdict.address(), verdict.smtorpAddress(), clock.instant(), verdict.reason());
        } catch (IllegalArgumentException e) {
            LOGGER.info("SMTorP-Address not recorded: {}", e.getMessage());
            return;
        }
        try {
            store.record(entry);
            LOGGER.info("Recorded {}", entry);
        } catch (RuntimeException e) {
            LOGGER.error("Could not record {}", entry, e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "RecordSmtorpAddress: records authenticated SMTorP-Address headers";
    }
}
