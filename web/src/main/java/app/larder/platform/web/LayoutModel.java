package app.larder.platform.web;

import app.larder.platform.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.List;

/** What the layout needs on every page: the signed-in user and the menu their role sees. */
@ControllerAdvice(annotations = Controller.class)
class LayoutModel {

    private final Navigation navigation;
    private final PageLinks links;

    LayoutModel(Navigation navigation, PageLinks links) {
        this.navigation = navigation;
        this.links = links;
    }

    @ModelAttribute("links")
    PageLinks links() {
        return links;
    }

    @ModelAttribute("me")
    CurrentUser me(HttpServletRequest request) {
        return (CurrentUser) request.getAttribute(CurrentUserFilter.ATTRIBUTE);
    }

    @ModelAttribute("nav")
    List<Navigation.Section> nav(HttpServletRequest request) {
        CurrentUser me = me(request);
        return me == null ? List.of() : navigation.forRole(me.role());
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return RequestPaths.of(request);
    }
}
