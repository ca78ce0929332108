/**
 * Which MongoDB the LRS talks to: a real one from LRS_MONGODB_URI, or the embedded
 * mongo-java-server (H2 on disk, or memory for tests) reached through the real driver.
 */
package vn.hocba.lrs.store;
