// The configuration schema is part of the contract (the settings screen submits it), so it lives in
// shared/; the device code keeps importing it from here.
export * from '../../shared/devices/config';
