/**
 * Commands of the LRS jar ({@code java -jar lrs.jar <command> ...}): what operators, analysts and
 * auditors run beside or instead of the server.
 */
package vn.hocba.lrs.cli;
