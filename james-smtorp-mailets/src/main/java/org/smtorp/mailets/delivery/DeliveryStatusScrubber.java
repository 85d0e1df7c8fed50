/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.mailets.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import javax.activation.DataHandler;
import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.smtorp.protocol.address.SmtorpDomain;

/**
 * Takes this machine's name out of the delivery status notifications we send. James's DSNBounce
 * writes {@code Reporting-MTA: dns; <host name>} (what its DNS service says the local host is
 * called, not configurable) and {@code Received-From-MTA: dns; <the previous hop>} into the
 * message/delivery-status part of its multipart/report; over Tor both would name machines the
 * circuit hides. The part is rewritten as fields (DeliveryStatusFields), never searched as text.
 * Only a top-level report is one (RFC 6522 3: the report is the message's top-level type); a
 * report forwarded inside another message is the author's content.
 */
final class DeliveryStatusScrubber {
    /** Far above a DSN James writes (about 300 bytes a recipient, 100 recipients a transaction). */
    static final int MAX_DELIVERY_STATUS_BYTES = 256 * 1024;
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveryStatusScrubber.class);
    private static final String DELIVERY_STATUS = "message/delivery-status";

    private final String reportingMta;

    DeliveryStatusScrubber(SmtorpDomain ourDomain) {
        this.reportingMta = "dns; " + ourDomain.asString();
    }

    /** Whether the message was a delivery status report and its status part rewritten. */
    boolean scrub(MimeMessage message) throws MessagingException {
        if (!isDeliveryStatusReport(message)) {
            return false;
        }
        Object content;
        try {
            content = message.getContent();
        } catch (IOException | MessagingException unreadable) {
            // Malformed MIME is delivered as it is: there is no status part to find in it.
            LOGGER.info("a delivery status report whose parts cannot be read is sent as it is: {}",
                unreadable.getMessage());
            return false;
        }
        if (!(content instanceof MimeMultipart)) {
            return false;
        }
        MimeMultipart parts = (MimeMultipart) content;
        boolean rewritten = false;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part instanceof MimeBodyPart && part.isMimeType(DELIVERY_STATUS)) {
                rewrite((MimeBodyPart) part);
                rewritten = true;
            }
        }
        if (rewritten) {
            // The same multipart, boundary included: only the status part's content changed.
            message.setContent(parts);
        }
        return rewritten;
    }

    private static boolean isDeliveryStatusReport(MimeMessage message) throws MessagingException {
        String header = message.getHeader("Content-Type", null);
        if (header == null) {
            return false;
        }
        try {
            ContentType type = new ContentType(header);
            return type.match("multipart/report")
                && "delivery-status".equalsIgnoreCase(type.getParameter("report-type"));
        } catch (javax.mail.internet.ParseException malformed) {
            return false;
        }
    }

    private void rewrite(MimeBodyPart part) throws MessagingException {
        String contentType = part.getHeader("Content-Type", null);
        byte[] body;
        boolean truncated;
        try (InputStream in = part.getInputStream()) {
            byte[] read = in.readNBytes(MAX_DELIVERY_STATUS_BYTES + 1);
            truncated = read.length > MAX_DELIVERY_STATUS_BYTES;
            body = truncated ? Arrays.copyOf(read, MAX_DELIVERY_STATUS_BYTES) : read;
        } catch (IOException | MessagingException undecodable) {
            // A transfer encoding that does not decode: nothing of it can be kept field by field.
            LOGGER.info("a message/delivery-status part that cannot be decoded is replaced by its Reporting-MTA: {}",
                undecodable.getMessage());
            body = new byte[0];
            truncated = true;
        }
        if (truncated && body.length > 0) {
            LOGGER.info("a message/delivery-status part over {} bytes keeps only its blocks within them",
                MAX_DELIVERY_STATUS_BYTES);
        }
        byte[] scrubbed = DeliveryStatusFields.parse(body, truncated).withReportingMta(reportingMta).asBytes();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(scrubbed, DELIVERY_STATUS)));
        // setDataHandler dropped it; the transfer encoding is chosen again for the new bytes.
        part.setHeader("Content-Type", contentType == null ? DELIVERY_STATUS : contentType);
    }
}
