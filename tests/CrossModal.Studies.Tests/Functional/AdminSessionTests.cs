using System.Security.Claims;
using CrossModal.Studies.Hosting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossModal.Studies.Tests.Functional;

/// <summary>The server-side admin sessions behind sign-out, and the revalidation that carries a sign-out to open tabs.</summary>
public sealed class AdminSessionTests
{
    sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    static AuthenticationState State(ClaimsPrincipal user) => new(user);

    [Fact]
    public void An_open_tab_stays_admin_while_its_session_lives_and_turns_anonymous_once_it_is_signed_out()
    {
        var sessions = new AdminSessions();
        using var revalidation = new AdminSessionRevalidation(NullLoggerFactory.Instance, sessions);
        var session = sessions.Begin();
        var admin = State(AdminAuth.Principal(session));
        Assert.True(revalidation.StillValid(admin));

        sessions.End(session); // signed out in another tab
        Assert.False(revalidation.StillValid(admin));

        // Visitors and raters are left as they are; an admin principal without a session (an old cookie) is not.
        Assert.True(revalidation.StillValid(State(new ClaimsPrincipal(new ClaimsIdentity()))));
        Assert.False(revalidation.StillValid(State(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, AdminAuth.Role)], "old")))));
    }

    [Fact]
    public void A_session_ends_by_itself_after_the_cookies_idle_lifetime_and_ids_are_unguessable()
    {
        var clock = new ManualClock();
        var sessions = new AdminSessions(clock);
        var session = sessions.Begin();
        clock.Now += AdminSessions.IdleLifetime - TimeSpan.FromMinutes(1);
        Assert.True(sessions.IsActive(session)); // use slides the lifetime
        clock.Now += AdminSessions.IdleLifetime - TimeSpan.FromMinutes(1);
        Assert.True(sessions.IsActive(session));
        clock.Now += AdminSessions.IdleLifetime + TimeSpan.FromMinutes(1);
        Assert.False(sessions.IsActive(session));

        var ids = Enumerable.Range(0, 100).Select(_ => sessions.Begin()).ToList();
        Assert.Equal(100, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(32, id.Length)); // 128 random bits
        Assert.Null(AdminSessions.IdOf(new ClaimsPrincipal(new ClaimsIdentity([new Claim(AdminSessions.ClaimType, ids[0])], "not-admin"))));
    }
}
