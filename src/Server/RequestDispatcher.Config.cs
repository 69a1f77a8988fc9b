using System.Text;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Routing.Config;

namespace NameServer.Actors.Server;

// The NameServer's own configuration: updates and reads through the NamesrvConfig actor, and the 5.0.0–5.1.3
// client-config query answered from its published values.
public sealed partial class RequestDispatcher
{
    internal ValueTask<Reply> UpdateNamesrvConfigAsync(RemotingCommand request)
    {
        if (request.Body.IsEmpty)
        {
            return Done(Ok(request));
        }
        Dictionary<string, string> properties;
        try
        {
            properties = JavaProperties.Load(request.Body.Span);
        }
        catch (ProtocolException)
        {
            return Done(Error(request, ResponseCode.SystemError, "string2Properties error"));
        }
        return AskAsync<ConfigUpdateResult>(request, _core.NamesrvConfig, new UpdateNamesrvConfig(properties.ToList()), static (r, result) => result switch
        {
            ConfigUpdateResult.Forbidden => Error(r, ResponseCode.NoPermission, ConfigUpdateResult.Forbidden.Remark),
            ConfigUpdateResult.Invalid invalid => Error(
                r, ResponseCode.SystemError, $"invalid value '{invalid.Value}' for {invalid.Key}: {invalid.Reason}"),
            _ => Ok(r),
        });
    }

    internal ValueTask<Reply> GetNamesrvConfigAsync(RemotingCommand request) =>
        AskAsync<NamesrvConfigText>(request, _core.NamesrvConfig, GetNamesrvConfig.Instance, static (r, config) => Ok(r, Encoding.UTF8.GetBytes(config.Text)));

    // 5.0.0–5.1.3 GET_CLIENT_CONFIG: body {"keys":[...]}, answer the requested keys as properties text. Java fails
    // (SYSTEM_ERROR) without a body, and so does the decoder here.
    internal Reply GetClientConfig(RemotingCommand request)
    {
        var values = _core.Config.Values;
        var selected = new List<KeyValuePair<string, string>>();
        foreach (var name in BodyDecoder.DecodeClientConfigKeys(request.Body.Span))
        {
            if (values.TryGetValue(name, out var value))
            {
                selected.Add(new(name, value));
            }
        }
        return Ok(request, JavaProperties.WriteUtf8(selected, sorted: true));
    }
}
