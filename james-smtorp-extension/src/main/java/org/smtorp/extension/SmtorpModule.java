/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.inject.Singleton;

import org.apache.commons.configuration2.BaseConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.filesystem.api.JamesDirectoriesProvider;
import org.apache.james.utils.PropertiesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.extension.lifecycle.OnionServiceLifecycle;
import org.smtorp.extension.tor.ControlPortSource;
import org.smtorp.extension.tor.ManagedTor;
import org.smtorp.extension.tor.TorMode;
import org.smtorp.mailets.announce.AnnouncedAddresses;
import org.smtorp.mailets.announce.AnnouncedRouteSource;
import org.smtorp.mailets.delivery.DeliveryQueues;
import org.smtorp.mailets.node.NodeSettings;
import org.smtorp.mailets.route.DnsRouteSource;
import org.smtorp.mailets.route.RouteSelector;
import org.smtorp.mailets.route.RouteSource;
import org.smtorp.mailets.route.SourceAnswer;
import org.smtorp.protocol.address.SmtorpDomain;
import org.smtorp.protocol.discovery.DiscoverySettings;
import org.smtorp.protocol.discovery.DomainDiscovery;
import org.smtorp.protocol.identity.HiddenServiceDir;
import org.smtorp.protocol.identity.ServerIdentity;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

/**
 * The Guice module James loads from {@code guice.extension.module} in
 * {@code extensions.properties}. It lives in James's child injector, so what it
 * binds is shared by our mailets, SMTP handlers, startables, health checks and
 * WebAdmin routes. Only bindings here; the work is in the classes they name.
 */
public final class SmtorpModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(SmtorpModule.class);

    @Override
    protected void configure() {
        bind(SmtorpVersion.class).toInstance(SmtorpVersion.fromJar());
        // One registry for every OnionRemoteDelivery and the WebAdmin route that lists their queues.
        bind(DeliveryQueues.class).in(Singleton.class);
    }

    @Provides
    @Singleton
    SmtorpConfiguration configuration(PropertiesProvider properties, JamesDirectoriesProvider directories)
        throws ConfigurationException {
        Path root = Paths.get(directories.getRootDirectory());
        try {
            return SmtorpConfiguration.from(properties.getConfiguration("smtorp"), root);
        } catch (FileNotFoundException e) {
            LOGGER.warn("No conf/{}: SMTorP runs no onion service (tor mode none)", SmtorpConfiguration.FILE);
            BaseConfiguration none = new BaseConfiguration();
            none.addProperty(SmtorpConfiguration.MODE, TorMode.NONE.asString());
            return SmtorpConfiguration.from(none, root);
        }
    }

    /**
     * Where {@code HasTorRoute} and {@code OnionRemoteDelivery} find a way over Tor for a
     * non-onion recipient: DNS first (the domain's own word, as fresh as its TTL), then the
     * SMTorP addresses owners announced in authenticated mail.
     */
    @Provides
    @Singleton
    RouteSelector routes(SmtorpConfiguration configuration, AnnouncedAddresses announced) {
        return RouteSelector.of(List.of(dnsRoutes(configuration), new AnnouncedRouteSource(announced)));
    }

    /** DNS discovery as a route source; one that knows nothing when it is disabled. */
    private static RouteSource dnsRoutes(SmtorpConfiguration configuration) {
        Optional<DiscoverySettings> settings = configuration.dnsDiscovery();
        if (settings.isEmpty()) {
            LOGGER.info("DNS discovery off ({} {}=false)", SmtorpConfiguration.FILE, SmtorpConfiguration.DNS_ENABLED);
            return recipient -> SourceAnswer.none();
        }
        try {
            DomainDiscovery discovery = DomainDiscovery.of(settings.get());
            LOGGER.info("{}", settings.get());
            return DnsRouteSource.of(discovery, Clock.systemUTC(), configuration.dnsCacheSize());
        } catch (IOException e) {
            throw new UncheckedIOException(SmtorpConfiguration.FILE + ": " + SmtorpConfiguration.DNS_TRUST_ANCHOR
                + ": " + e.getMessage(), e);
        }
    }

    /**
     * The identity, SOCKS port and pin directory our mailets share: from smtorp.properties
     * only, so that delivery goes through the tor this file names, as the onion it names.
     */
    @Provides
    @Singleton
    NodeSettings nodeSettings(SmtorpConfiguration configuration) {
        return configuration.nodeSettings();
    }

    /** Our identity; made on first start when there is none, so one command brings a server up. */
    @Provides
    @Singleton
    ServerIdentity identity(SmtorpConfiguration configuration) {
        Path directory = configuration.identityDirectory();
        try {
            if (ServerIdentity.exists(directory)) {
                return ServerIdentity.load(directory);
            }
            ServerIdentity created = ServerIdentity.create(directory);
            LOGGER.info("Created the SMTorP identity {} in {}", created.domain(), directory);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or create the SMTorP identity in " + directory, e);
        }
    }

    /** One store, shared by RecordSmtorpAddress, delivery's AnnouncedRouteSource and WebAdmin. */
    @Provides
    @Singleton
    AnnouncedAddresses announcedAddresses(SmtorpConfiguration configuration) {
        try {
            return AnnouncedAddresses.in(configuration.announcedDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(SmtorpConfiguration.FILE + ": " + SmtorpConfiguration.ANNOUNCED_DIRECTORY
                + ": " + e.getMessage(), e);
        }
    }

    @Provides
    @Singleton
    OnionServiceLifecycle onionService(SmtorpConfiguration configuration, ServerIdentity identity) {
        return new OnionServiceLifecycle(configuration.mode(), controlPortSource(configuration),
            identity.onionServiceKey(), domain(configuration, identity), configuration.virtualPort(),
            configuration.target(), configuration.defenses(), Clock.systemUTC());
    }

    private static Optional<ControlPortSource> controlPortSource(SmtorpConfiguration configuration) {
        switch (configuration.mode()) {
            case MANAGED:
                return Optional.of(ControlPortSource.managed(new ManagedTor(configuration.torBinary(),
                    configuration.dataDirectory(), configuration.socks(), configuration.torrcInclude())));
            case ATTACH:
                return Optional.of(ControlPortSource.attached(new ManagedTor.ControlPort(
                    configuration.control().orElseThrow(), configuration.controlAuthentication().orElseThrow())));
            default:
                return Optional.empty();
        }
    }

    // In static mode tor made the onion key; our identity still holds the TLS key.
    private static SmtorpDomain domain(SmtorpConfiguration configuration, ServerIdentity identity) {
        if (configuration.mode() != TorMode.STATIC) {
            return identity.domain();
        }
        Path directory = configuration.hiddenServiceDirectory().orElseThrow();
        try {
            return SmtorpDomain.of(identity.fingerprint(), HiddenServiceDir.at(directory).read().onion());
        } catch (IOException e) {
            throw new UncheckedIOException(SmtorpConfiguration.FILE + ": tor.hiddenServiceDirectory: cannot read "
                + directory, e);
        }
    }
}
