using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Logging;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Headers;

namespace NameServer.Actors.Server.Security;

/// <summary>
/// The connection-side use of an <see cref="AdminAuthorizer"/>: checks a request, logs a refusal with the source
/// address and builds the <c>NO_PERMISSION</c> answer.
/// </summary>
public sealed class AdminGate
{
    private readonly AdminAuthorizer _authorizer;
    private readonly ILogger _log;

    public AdminGate(AdminAuthorizer authorizer, ILogger log)
    {
        _authorizer = authorizer;
        _log = log;
    }

    /// <summary>See <see cref="AdminAuthorizer.ChecksRouteReads"/>.</summary>
    public bool ChecksRouteReads => _authorizer.ChecksRouteReads;

    /// <summary>
    /// False when <paramref name="request"/> may run. True when it is refused: <paramref name="refusal"/> is then the
    /// <c>NO_PERMISSION</c> (16) answer to send (unless the request was oneway) instead of handling the request.
    /// </summary>
    public bool TryRefuse(RemotingCommand request, EndPoint? remote, [NotNullWhen(true)] out RemotingCommand? refusal)
    {
        var address = (remote as IPEndPoint)?.Address;
        var result = _authorizer.Authorize(request, address);
        if (result.IsAllowed)
        {
            refusal = null;
            return false;
        }
        _log.LogWarning("Refused request code {Code} from {Remote}: {Reason}", request.Code, remote?.ToString() ?? "unknown", result.Reason);
        refusal = RemotingCommand.CreateResponse(request, ResponseCode.NoPermission, result.Reason);
        return true;
    }
}
