/** The Spring Boot application of the LRS: wiring of the store, Axon, security and resources. */
package vn.hocba.lrs;
