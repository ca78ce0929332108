package vn.hocba.xapi.attachments;

/** A request whose attachments, multipart body or signature break a rule; the message names it. */
public final class AttachmentException extends RuntimeException {

  public AttachmentException(String message) {
    super(message);
  }
}
