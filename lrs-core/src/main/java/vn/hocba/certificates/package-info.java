/**
 * Completion certificates (docs/certificates.md): the signed document the LRS issues when a learner
 * meets a programme's completion rule, and the checks anyone can run on it with the public keys
 * alone (the certificate's and its checkpoint's signatures).
 */
package vn.hocba.certificates;
