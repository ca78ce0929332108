/**
 * The statement query read model: one document per statement with the fields the xAPI query filters
 * need (extracted at write time, widened along StatementRef chains per Communication 2.1.3.s3), its
 * projector, its queries and their declared indexes.
 */
package vn.hocba.statementindex;
