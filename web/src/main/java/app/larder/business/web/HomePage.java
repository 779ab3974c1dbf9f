package app.larder.business.web;

import app.larder.platform.security.CurrentUser;
import app.larder.business.Users;
import app.larder.business.Venues;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The dashboard: where a signed-in user lands. Later features add their figures here. */
@Controller
class HomePage {

    private final Venues venues;
    private final Users users;

    HomePage(Venues venues, Users users) {
        this.venues = venues;
        this.users = users;
    }

    @GetMapping("/")
    String home(Model model, CurrentUser me) {
        model.addAttribute("venueCount", venues.search(new Venues.VenueQuery(null, false), Pageable.ofSize(1))
                .getTotalElements());
        if (me.hasRole("OWNER")) {
            model.addAttribute("userCount", users.search(new Users.UserQuery(null, null, true), Pageable.ofSize(1))
                    .getTotalElements());
        }
        return "business/home";
    }
}
