package app.larder.business.web;

import app.larder.business.AppUser;
import app.larder.business.Role;
import app.larder.business.Users;
import app.larder.platform.web.Paging;
import app.larder.platform.web.Paging.PageOf;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** The owner manages the people of the business. */
@RestController
@RequestMapping("/api/v1/users")
@PreAuthorize("hasRole('OWNER')")
@Tag(name = "Users", description = "Owners only")
class UserApi {

    static final Set<String> SORTS = Set.of("fullName", "email", "role", "createdAt");

    private final Users users;

    UserApi(Users users) {
        this.users = users;
    }

    record InviteRequest(@NotBlank @Email @Size(max = 320) String email,
                         @NotBlank @Size(max = 200) String fullName,
                         @NotNull Role role,
                         Set<UUID> venueIds) {
    }

    record ChangeRequest(@Size(max = 200) String fullName, @NotNull Role role, Set<UUID> venueIds) {
    }

    record UserResponse(UUID id, String email, String fullName, Role role, boolean active, boolean allVenues,
                        Set<UUID> venueIds, Instant createdAt) {
        static UserResponse of(AppUser u) {
            return new UserResponse(u.getId(), u.getEmail(), u.getFullName(), u.getRole(), u.isActive(),
                    u.isAllVenues(), u.getVenueIds(), u.getCreatedAt());
        }
    }

    record InvitedResponse(UserResponse user, String temporaryPassword) {
    }

    @GetMapping
    @Operation(summary = "Users, searched by name or e-mail, filtered by role and state")
    PageOf<UserResponse> list(@RequestParam(required = false) String q,
                              @RequestParam(required = false) Role role,
                              @RequestParam(required = false) Boolean active,
                              @RequestParam(required = false) Integer page,
                              @RequestParam(required = false) Integer size,
                              @RequestParam(required = false) String sort) {
        return PageOf.of(users.search(new Users.UserQuery(q, role, active),
                Paging.of(page, size, sort, SORTS, "fullName")), UserResponse::of);
    }

    @GetMapping("/{id}")
    UserResponse get(@PathVariable UUID id) {
        return UserResponse.of(users.get(id));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Invite a user; the temporary password is in this answer only, and must be changed "
            + "at the first login. No venueIds means every venue.")
    InvitedResponse invite(@Valid @RequestBody InviteRequest request) {
        Users.Invited invited = users.invite(new Users.Invitation(request.email(), request.fullName(),
                request.role(), request.venueIds()));
        return new InvitedResponse(UserResponse.of(invited.user()), invited.temporaryPassword());
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change name, role and venues. The last active owner stays an owner.")
    UserResponse change(@PathVariable UUID id, @Valid @RequestBody ChangeRequest request) {
        return UserResponse.of(users.change(id, new Users.UserChange(request.fullName(), request.role(),
                request.venueIds())));
    }

    @PostMapping("/{id}/deactivate")
    UserResponse deactivate(@PathVariable UUID id) {
        return UserResponse.of(users.deactivate(id));
    }

    @PostMapping("/{id}/activate")
    UserResponse activate(@PathVariable UUID id) {
        return UserResponse.of(users.activate(id));
    }
}
