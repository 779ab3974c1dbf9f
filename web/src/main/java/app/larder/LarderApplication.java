package app.larder;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Larder: the back-office of cafés, restaurants, bars and shops. Features are the packages beside this class. */
@SpringBootApplication
public class LarderApplication {

    public static void main(String[] args) {
        SpringApplication.run(LarderApplication.class, args);
    }
}
