/**
 * The statement write model: the commands and the permanent events of the statement log, and the
 * pure admission rule that turns a request into events (Data 2.3.1 immutability, Data 2.3.2
 * voiding).
 */
package vn.hocba.statements;
