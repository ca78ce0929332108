/**
 * What an auditor needs to check the LRS's signatures without the LRS: Ed25519 keys and signatures
 * and the signed form of a chain checkpoint. JDK only, no other dependency.
 */
package vn.hocba.audit;
