namespace NameServer.Actors.Protocol.Frames;

/// <summary>How a command header is encoded (high byte of the frame's second int32).</summary>
public enum SerializeType : byte
{
    Json = 0,
    RocketMq = 1,
}
