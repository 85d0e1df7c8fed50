/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import net.freehaven.tor.control.NullEventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code HS_DESC} events to tell when an HSDir has accepted a descriptor of the
 * current publication of an onion service: from then on clients can find it. An
 * {@code UPLOADED} counts only after an {@code UPLOAD} to the same HSDir since the service
 * was last published, because a service taken down and published again at once still
 * gets late {@code UPLOADED} events for its old descriptor.
 */
public final class DescriptorUploads extends NullEventHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(DescriptorUploads.class);

    private final Map<String, Publication> publications = new ConcurrentHashMap<>();

    private static final class Publication {
        private final Set<String> requested = new HashSet<>();
        private boolean uploaded;
        private String lastEvent = "none";
    }

    /** Starts following a publication of the service, forgetting events about earlier ones. */
    public void published(String serviceId) {
        publications.put(serviceId, new Publication());
    }

    // jtorctl hands over events it has no method for as (type, rest of line):
    // HS_DESC <action> <service id> <auth type> <hsdir> [<descriptor id>] [REASON=...] ...
    @Override
    public void unrecognized(String type, String message) {
        if (!"HS_DESC".equals(type)) {
            return;
        }
        LOGGER.debug("HS_DESC {}", message);
        String[] fields = message.split(" ");
        if (fields.length < 4) {
            return;
        }
        String action = fields[0];
        String hsdir = fields[3];
        Publication publication = publications.computeIfAbsent(fields[1], id -> new Publication());
        synchronized (publication) {
            publication.lastEvent = "HS_DESC " + message;
            if ("UPLOAD".equals(action)) {
                publication.requested.add(hsdir);
            } else if ("UPLOADED".equals(action) && publication.requested.contains(hsdir)) {
                publication.uploaded = true;
            }
        }
    }

    public boolean isUploaded(String serviceId) {
        Publication publication = publications.get(serviceId);
        if (publication == null) {
            return false;
        }
        synchronized (publication) {
            return publication.uploaded;
        }
    }

    /** The last {@code HS_DESC} event about the service, to explain a timeout. */
    public Optional<String> lastEvent(String serviceId) {
        return Optional.ofNullable(publications.get(serviceId)).map(publication -> {
            synchronized (publication) {
                return publication.lastEvent;
            }
        });
    }

    /** Stops following a service that was taken down. */
    public void forget(String serviceId) {
        publications.remove(serviceId);
    }
}
