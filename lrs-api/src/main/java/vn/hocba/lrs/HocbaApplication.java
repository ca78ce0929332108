package vn.hocba.lrs;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import vn.hocba.lrs.cli.Cli;

/** Hocba, the event-sourced xAPI Learning Record Store. */
// the store is chosen by StoreConfiguration, not by Boot's localhost:27017 default
@SpringBootApplication(exclude = {MongoAutoConfiguration.class, MongoDataAutoConfiguration.class})
public class HocbaApplication {

  public static void main(String[] args) {
    if (Cli.isCommand(args)) {
      Cli.logToStandardError();
      System.exit(Cli.run(args, System.out, System.err));
    }
    quietAxon();
    SpringApplication.run(HocbaApplication.class, args);
  }

  /** Axon's update checker calls out to the internet; an LRS must not. */
  static void quietAxon() {
    System.setProperty("axoniq.update-checker.disabled", "true");
    System.setProperty("disable-axoniq-console-message", "true");
  }
}
