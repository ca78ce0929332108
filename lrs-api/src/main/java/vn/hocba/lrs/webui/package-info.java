/**
 * The web dashboard at {@code /dashboard}: static pages (HTML, CSS, ES modules) that read the
 * progress and target JSON API with the user's HTTP Basic credentials. Only this path is served
 * from the classpath; everything else keeps the JSON 404.
 */
package vn.hocba.lrs.webui;
