package app.larder.platform.web;

import app.larder.business.Users;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.List;

/** What the layout needs on every page: the signed-in user and the menu their role sees. */
@ControllerAdvice(annotations = Controller.class)
class LayoutModel {

    private final Navigation navigation;

    LayoutModel(Navigation navigation) {
        this.navigation = navigation;
    }

    @ModelAttribute("me")
    Users.SignedInUser me(HttpServletRequest request) {
        return (Users.SignedInUser) request.getAttribute(CurrentUserFilter.ATTRIBUTE);
    }

    @ModelAttribute("nav")
    List<Navigation.Section> nav(HttpServletRequest request) {
        Users.SignedInUser me = me(request);
        return me == null ? List.of() : navigation.forRole(me.role().name());
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getServletPath();
    }
}
