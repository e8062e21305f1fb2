using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Logging;

namespace CrossModal.Studies.Hosting;

/// <summary>
/// The authentication state of an interactive circuit, re-checked every few seconds against <see cref="AdminSessions"/>:
/// once the admin signs out in one tab, every other open tab of that sign-in turns anonymous (its admin pages show the
/// sign-in prompt) instead of keeping admin rights for as long as the circuit lives.
/// </summary>
public sealed class AdminSessionRevalidation(ILoggerFactory logs, AdminSessions sessions) : RevalidatingServerAuthenticationStateProvider(logs)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        Task.FromResult(StillValid(state));

    /// <summary>Anyone who is not an admin stays as they are; an admin only while their session has not ended.</summary>
    internal bool StillValid(AuthenticationState state) =>
        AdminSessions.IdOf(state.User) is not { } session ? !state.User.IsInRole(AdminAuth.Role) : sessions.IsActive(session);
}
