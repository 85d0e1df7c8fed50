/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.extension.tor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DescriptorUploadsTest {
    private static final String SERVICE = "pumnvnkzl4anbwkts6wdj6rjwfno2djwiukkq222zu3dkd2yjtumbjyd";
    private static final String HSDIR = "$530B238B21EBC1EE0D5FE563041E41C815DF4D76~auth1";

    private final DescriptorUploads uploads = new DescriptorUploads();

    @Test
    void serviceShouldBeUploadedWhenAnHsdirAcceptsTheDescriptorSentToIt() {
        uploads.published(SERVICE);
        uploads.unrecognized("HS_DESC", "UPLOAD " + SERVICE + " UNKNOWN " + HSDIR + " KZ4RyQXn8BFT HSDIR_INDEX=EFB1");
        uploads.unrecognized("HS_DESC", "UPLOADED " + SERVICE + " UNKNOWN " + HSDIR);

        assertThat(uploads.isUploaded(SERVICE)).isTrue();
    }

    @Test
    void serviceShouldNotBeUploadedBeforeAnHsdirAcceptsTheDescriptor() {
        uploads.published(SERVICE);
        uploads.unrecognized("HS_DESC", "UPLOAD " + SERVICE + " UNKNOWN " + HSDIR + " KZ4RyQXn8BFT HSDIR_INDEX=EFB1");

        assertThat(uploads.isUploaded(SERVICE)).isFalse();
        assertThat(uploads.lastEvent(SERVICE))
            .hasValueSatisfying(event -> assertThat(event).startsWith("HS_DESC UPLOAD "));
    }

    @Test
    void lateUploadedOfAnEarlierPublicationShouldNotCount() {
        uploads.published(SERVICE);
        uploads.unrecognized("HS_DESC", "UPLOAD " + SERVICE + " UNKNOWN " + HSDIR + " KZ4RyQXn8BFT HSDIR_INDEX=EFB1");
        uploads.forget(SERVICE);
        uploads.published(SERVICE);
        uploads.unrecognized("HS_DESC", "UPLOADED " + SERVICE + " UNKNOWN " + HSDIR);

        assertThat(uploads.isUploaded(SERVICE)).isFalse();
    }

    @Test
    void failedUploadShouldNotCount() {
        uploads.published(SERVICE);
        uploads.unrecognized("HS_DESC", "UPLOAD " + SERVICE + " UNKNOWN " + HSDIR + " KZ4RyQXn8BFT HSDIR_INDEX=EFB1");
        uploads.unrecognized("HS_DESC", "FAILED " + SERVICE + " UNKNOWN " + HSDIR + " REASON=UPLOAD_REJECTED");

        assertThat(uploads.isUploaded(SERVICE)).isFalse();
    }

    @Test
    void otherEventsShouldBeIgnored() {
        uploads.published(SERVICE);
        uploads.unrecognized("STATUS_CLIENT", "NOTICE BOOTSTRAP PROGRESS=100 TAG=done");

        assertThat(uploads.lastEvent(SERVICE)).hasValue("none");
    }
}
