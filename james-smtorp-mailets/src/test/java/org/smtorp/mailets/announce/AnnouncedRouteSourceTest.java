/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.smtorp.mailets.announce.AnnouncedAddressesTest.FINGERPRINT;
import static org.smtorp.mailets.announce.AnnouncedAddressesTest.ONION;
import static org.smtorp.mailets.announce.AnnouncedAddressesTest.entry;

import java.nio.file.Path;

import org.apache.james.core.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.mailets.route.Destination;
import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.OnionAddress;

class AnnouncedRouteSourceTest {
    @TempDir
    Path directory;

    @Test
    void anAnnouncedAddressShouldRouteToItsOnionPinnedToItsFingerprint() throws Exception {
        AnnouncedAddresses store = AnnouncedAddresses.in(directory);
        store.record(entry("alice@example.org", "Alice@" + FINGERPRINT + "." + ONION));

        Destination route = new AnnouncedRouteSource(store).routeFor(new MailAddress("alice@EXAMPLE.org")).destination()
            .orElseThrow();

        assertThat(route.recipient()).isEqualTo(new MailAddress("Alice@" + ONION));
        assertThat(route.onion()).isEqualTo(OnionAddress.parse(ONION));
        assertThat(route.port()).isEqualTo(25);
        assertThat(route.pin()).contains(Fingerprint.parse(FINGERPRINT));
        assertThat(route.evidence()).contains("DKIM pass for example.org");
    }

    @Test
    void anAnnouncementWithoutFingerprintShouldBeTrustedOnFirstUse() throws Exception {
        AnnouncedAddresses store = AnnouncedAddresses.in(directory);
        store.record(entry("alice@example.org", "alice@" + ONION));

        assertThat(new AnnouncedRouteSource(store).routeFor(new MailAddress("alice@example.org")).destination())
            .hasValueSatisfying(route -> assertThat(route.pin()).isEmpty());
    }

    @Test
    void anAddressThatAnnouncedNothingShouldHaveNoRoute() throws Exception {
        AnnouncedAddresses store = AnnouncedAddresses.in(directory);
        store.record(entry("alice@example.org", "alice@" + ONION));

        assertThat(new AnnouncedRouteSource(store).routeFor(new MailAddress("bob@example.org")).destination()).isEmpty();
    }
}
