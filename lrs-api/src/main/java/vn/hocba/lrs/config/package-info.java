/** Wiring of the event log, the Axon processors and the read models into the application. */
package vn.hocba.lrs.config;
