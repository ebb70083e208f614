(()=>{var $l=Object.create;var Ei=Object.defineProperty;var Vl=Object.getOwnPropertyDescriptor;var jl=Object.getOwnPropertyNames;var ql=Object.getPrototypeOf,Xl=Object.prototype.hasOwnProperty;var De=(a,n)=>()=>{try{return n||a((n={exports:{}}).exports,n),n.exports}catch(e){throw n=0,e}};var Yl=(a,n,e,t)=>{if(n&&typeof n=="object"||typeof n=="function")for(let r of jl(n))!Xl.call(a,r)&&r!==e&&Ei(a,r,{get:()=>n[r],enumerable:!(t=Vl(n,r))||t.enumerable});return a};var Qe=(a,n,e)=>(e=a!=null?$l(ql(a)):{},Yl(n||!a||!a.__esModule?Ei(e,"default",{value:a,enumerable:!0}):e,a));var Ft=De((Og,sr)=>{"use strict";var Qt=typeof Reflect=="object"?Reflect:null,Si=Qt&&typeof Qt.apply=="function"?Qt.apply:function(n,e,t){return Function.prototype.apply.call(n,e,t)},ia;Qt&&typeof Qt.ownKeys=="function"?ia=Qt.ownKeys:Object.getOwnPropertySymbols?ia=function(n){return Object.getOwnPropertyNames(n).concat(Object.getOwnPropertySymbols(n))}:ia=function(n){return Object.getOwnPropertyNames(n)};function Kl(a){console&&console.warn&&console.warn(a)}var Ai=Number.isNaN||function(n){return n!==n};function ge(){ge.init.call(this)}sr.exports=ge;sr.exports.once=eu;ge.EventEmitter=ge;ge.prototype._events=void 0;ge.prototype._eventsCount=0;ge.prototype._maxListeners=void 0;var wi=10;function oa(a){if(typeof a!="function")throw new TypeError('The "listener" argument must be of type Function. Received type '+typeof a)}Object.defineProperty(ge,"defaultMaxListeners",{enumerable:!0,get:function(){return wi},set:function(a){if(typeof a!="number"||a<0||Ai(a))throw new RangeError('The value of "defaultMaxListeners" is out of range. It must be a non-negative number. Received '+a+".");wi=a}});ge.init=function(){(this._events===void 0||this._events===Object.getPrototypeOf(this)._events)&&(this._events=Object.create(null),this._eventsCount=0),this._maxListeners=this._maxListeners||void 0};ge.prototype.setMaxListeners=function(n){if(typeof n!="number"||n<0||Ai(n))throw new RangeError('The value of "n" is out of range. It must be a non-negative number. Received '+n+".");return this._maxListeners=n,this};function Ri(a){return a._maxListeners===void 0?ge.defaultMaxListeners:a._maxListeners}ge.prototype.getMaxListeners=function(){return Ri(this)};ge.prototype.emit=function(n){for(var e=[],t=1;t<arguments.length;t++)e.push(arguments[t]);var r=n==="error",i=this._events;if(i!==void 0)r=r&&i.error===void 0;else if(!r)return!1;if(r){var o;if(e.length>0&&(o=e[0]),o instanceof Error)throw o;var s=new Error("Unhandled error."+(o?" ("+o.message+")":""));throw s.context=o,s}var l=i[n];if(l===void 0)return!1;if(typeof l=="function")Si(l,this,e);else for(var u=l.length,d=Pi(l,u),t=0;t<u;++t)Si(d[t],this,e);return!0};function Di(a,n,e,t){var r,i,o;if(oa(e),i=a._events,i===void 0?(i=a._events=Object.create(null),a._eventsCount=0):(i.newListener!==void 0&&(a.emit("newListener",n,e.listener?e.listener:e),i=a._events),o=i[n]),o===void 0)o=i[n]=e,++a._eventsCount;else if(typeof o=="function"?o=i[n]=t?[e,o]:[o,e]:t?o.unshift(e):o.push(e),r=Ri(a),r>0&&o.length>r&&!o.warned){o.warned=!0;var s=new Error("Possible EventEmitter memory leak detected. "+o.length+" "+String(n)+" listeners added. Use emitter.setMaxListeners() to increase limit");s.name="MaxListenersExceededWarning",s.emitter=a,s.type=n,s.count=o.length,Kl(s)}return a}ge.prototype.addListener=function(n,e){return Di(this,n,e,!1)};ge.prototype.on=ge.prototype.addListener;ge.prototype.prependListener=function(n,e){return Di(this,n,e,!0)};function Zl(){if(!this.fired)return this.target.removeListener(this.type,this.wrapFn),this.fired=!0,arguments.length===0?this.listener.call(this.target):this.listener.apply(this.target,arguments)}function Li(a,n,e){var t={fired:!1,wrapFn:void 0,target:a,type:n,listener:e},r=Zl.bind(t);return r.listener=e,t.wrapFn=r,r}ge.prototype.once=function(n,e){return oa(e),this.on(n,Li(this,n,e)),this};ge.prototype.prependOnceListener=function(n,e){return oa(e),this.prependListener(n,Li(this,n,e)),this};ge.prototype.removeListener=function(n,e){var t,r,i,o,s;if(oa(e),r=this._events,r===void 0)return this;if(t=r[n],t===void 0)return this;if(t===e||t.listener===e)--this._eventsCount===0?this._events=Object.create(null):(delete r[n],r.removeListener&&this.emit("removeListener",n,t.listener||e));else if(typeof t!="function"){for(i=-1,o=t.length-1;o>=0;o--)if(t[o]===e||t[o].listener===e){s=t[o].listener,i=o;break}if(i<0)return this;i===0?t.shift():Ql(t,i),t.length===1&&(r[n]=t[0]),r.removeListener!==void 0&&this.emit("removeListener",n,s||e)}return this};ge.prototype.off=ge.prototype.removeListener;ge.prototype.removeAllListeners=function(n){var e,t,r;if(t=this._events,t===void 0)return this;if(t.removeListener===void 0)return arguments.length===0?(this._events=Object.create(null),this._eventsCount=0):t[n]!==void 0&&(--this._eventsCount===0?this._events=Object.create(null):delete t[n]),this;if(arguments.length===0){var i=Object.keys(t),o;for(r=0;r<i.length;++r)o=i[r],o!=="removeListener"&&this.removeAllListeners(o);return this.removeAllListeners("removeListener"),this._events=Object.create(null),this._eventsCount=0,this}if(e=t[n],typeof e=="function")this.removeListener(n,e);else if(e!==void 0)for(r=e.length-1;r>=0;r--)this.removeListener(n,e[r]);return this};function Ci(a,n,e){var t=a._events;if(t===void 0)return[];var r=t[n];return r===void 0?[]:typeof r=="function"?e?[r.listener||r]:[r]:e?Jl(r):Pi(r,r.length)}ge.prototype.listeners=function(n){return Ci(this,n,!0)};ge.prototype.rawListeners=function(n){return Ci(this,n,!1)};ge.listenerCount=function(a,n){return typeof a.listenerCount=="function"?a.listenerCount(n):ki.call(a,n)};ge.prototype.listenerCount=ki;function ki(a){var n=this._events;if(n!==void 0){var e=n[a];if(typeof e=="function")return 1;if(e!==void 0)return e.length}return 0}ge.prototype.eventNames=function(){return this._eventsCount>0?ia(this._events):[]};function Pi(a,n){for(var e=new Array(n),t=0;t<n;++t)e[t]=a[t];return e}function Ql(a,n){for(;n+1<a.length;n++)a[n]=a[n+1];a.pop()}function Jl(a){for(var n=new Array(a.length),e=0;e<n.length;++e)n[e]=a[e].listener||a[e];return n}function eu(a,n){return new Promise(function(e,t){function r(o){a.removeListener(n,i),t(o)}function i(){typeof a.removeListener=="function"&&a.removeListener("error",r),e([].slice.call(arguments))}Ii(a,n,i,{once:!0}),n!=="error"&&tu(a,r,{once:!0})})}function tu(a,n,e){typeof a.on=="function"&&Ii(a,"error",n,e)}function Ii(a,n,e,t){if(typeof a.on=="function")t.once?a.once(n,e):a.on(n,e);else if(typeof a.addEventListener=="function")a.addEventListener(n,function r(i){t.once&&a.removeEventListener(n,r),e(i)});else throw new TypeError('The "emitter" argument must be of type EventEmitter. Received type '+typeof a)}});var Wt=De((Jg,xo)=>{xo.exports=function(n){return n!==null&&typeof n=="object"&&typeof n.addUndirectedEdgeWithKey=="function"&&typeof n.dropNode=="function"&&typeof n.multi=="boolean"}});var Ns=De((Uv,zs)=>{zs.exports=function(){var n,e,t={};(function(){var i=0,o=1,s=2,l=3,u=4,d=5,c=6,h=7,f=8,g=9,p=0,m=1,v=2,y=0,b=1,x=2,_=3,E=4,w=5,A=6,S=7,L=8,G=3,C=10,N=3,k=9,I=10;t.exports=function(P,T,F){var M,z,D,q,j,Z,Re,ce,K,nt,Pe=T.length,Ct=F.length,Ke=P.adjustSizes,ir=P.barnesHutTheta*P.barnesHutTheta,Xt,ve,se,le,Ze,te,Y,O=[];for(D=0;D<Pe;D+=C)T[D+u]=T[D+s],T[D+d]=T[D+l],T[D+s]=0,T[D+l]=0;if(P.outboundAttractionDistribution){for(Xt=0,D=0;D<Pe;D+=C)Xt+=T[D+c];Xt/=Pe/C}if(P.barnesHutOptimize){var kt=1/0,Yt=-1/0,Pt=1/0,Kt=-1/0,Ue,Zt,or;for(D=0;D<Pe;D+=C)kt=Math.min(kt,T[D+i]),Yt=Math.max(Yt,T[D+i]),Pt=Math.min(Pt,T[D+o]),Kt=Math.max(Kt,T[D+o]);var Jn=Yt-kt,ea=Kt-Pt;for(Jn>ea?(Pt-=(Jn-ea)/2,Kt=Pt+Jn):(kt-=(ea-Jn)/2,Yt=kt+ea),O[0+y]=-1,O[0+b]=(kt+Yt)/2,O[0+x]=(Pt+Kt)/2,O[0+_]=Math.max(Yt-kt,Kt-Pt),O[0+E]=-1,O[0+w]=-1,O[0+A]=0,O[0+S]=0,O[0+L]=0,M=1,D=0;D<Pe;D+=C)for(z=0,or=G;;)if(O[z+w]>=0){T[D+i]<O[z+b]?T[D+o]<O[z+x]?Ue=O[z+w]:Ue=O[z+w]+k:T[D+o]<O[z+x]?Ue=O[z+w]+k*2:Ue=O[z+w]+k*3,O[z+S]=(O[z+S]*O[z+A]+T[D+i]*T[D+c])/(O[z+A]+T[D+c]),O[z+L]=(O[z+L]*O[z+A]+T[D+o]*T[D+c])/(O[z+A]+T[D+c]),O[z+A]+=T[D+c],z=Ue;continue}else if(O[z+y]<0){O[z+y]=D;break}else{if(O[z+w]=M*k,ce=O[z+_]/2,K=O[z+w],O[K+y]=-1,O[K+b]=O[z+b]-ce,O[K+x]=O[z+x]-ce,O[K+_]=ce,O[K+E]=K+k,O[K+w]=-1,O[K+A]=0,O[K+S]=0,O[K+L]=0,K+=k,O[K+y]=-1,O[K+b]=O[z+b]-ce,O[K+x]=O[z+x]+ce,O[K+_]=ce,O[K+E]=K+k,O[K+w]=-1,O[K+A]=0,O[K+S]=0,O[K+L]=0,K+=k,O[K+y]=-1,O[K+b]=O[z+b]+ce,O[K+x]=O[z+x]-ce,O[K+_]=ce,O[K+E]=K+k,O[K+w]=-1,O[K+A]=0,O[K+S]=0,O[K+L]=0,K+=k,O[K+y]=-1,O[K+b]=O[z+b]+ce,O[K+x]=O[z+x]+ce,O[K+_]=ce,O[K+E]=O[z+E],O[K+w]=-1,O[K+A]=0,O[K+S]=0,O[K+L]=0,M+=4,T[O[z+y]+i]<O[z+b]?T[O[z+y]+o]<O[z+x]?Ue=O[z+w]:Ue=O[z+w]+k:T[O[z+y]+o]<O[z+x]?Ue=O[z+w]+k*2:Ue=O[z+w]+k*3,O[z+A]=T[O[z+y]+c],O[z+S]=T[O[z+y]+i],O[z+L]=T[O[z+y]+o],O[Ue+y]=O[z+y],O[z+y]=-1,T[D+i]<O[z+b]?T[D+o]<O[z+x]?Zt=O[z+w]:Zt=O[z+w]+k:T[D+o]<O[z+x]?Zt=O[z+w]+k*2:Zt=O[z+w]+k*3,Ue===Zt)if(or--){z=Ue;continue}else{or=G;break}O[Zt+y]=D;break}}if(P.barnesHutOptimize)for(ve=P.scalingRatio,D=0;D<Pe;D+=C)for(z=0;;)if(O[z+w]>=0)if(te=Math.pow(T[D+i]-O[z+S],2)+Math.pow(T[D+o]-O[z+L],2),nt=O[z+_],4*nt*nt/te<ir){if(se=T[D+i]-O[z+S],le=T[D+o]-O[z+L],Ke===!0?te>0?(Y=ve*T[D+c]*O[z+A]/te,T[D+s]+=se*Y,T[D+l]+=le*Y):te<0&&(Y=-ve*T[D+c]*O[z+A]/Math.sqrt(te),T[D+s]+=se*Y,T[D+l]+=le*Y):te>0&&(Y=ve*T[D+c]*O[z+A]/te,T[D+s]+=se*Y,T[D+l]+=le*Y),z=O[z+E],z<0)break;continue}else{z=O[z+w];continue}else{if(Z=O[z+y],Z>=0&&Z!==D&&(se=T[D+i]-T[Z+i],le=T[D+o]-T[Z+o],te=se*se+le*le,Ke===!0?te>0?(Y=ve*T[D+c]*T[Z+c]/te,T[D+s]+=se*Y,T[D+l]+=le*Y):te<0&&(Y=-ve*T[D+c]*T[Z+c]/Math.sqrt(te),T[D+s]+=se*Y,T[D+l]+=le*Y):te>0&&(Y=ve*T[D+c]*T[Z+c]/te,T[D+s]+=se*Y,T[D+l]+=le*Y)),z=O[z+E],z<0)break;continue}else for(ve=P.scalingRatio,q=0;q<Pe;q+=C)for(j=0;j<q;j+=C)se=T[q+i]-T[j+i],le=T[q+o]-T[j+o],Ke===!0?(te=Math.sqrt(se*se+le*le)-T[q+f]-T[j+f],te>0?(Y=ve*T[q+c]*T[j+c]/te/te,T[q+s]+=se*Y,T[q+l]+=le*Y,T[j+s]-=se*Y,T[j+l]-=le*Y):te<0&&(Y=100*ve*T[q+c]*T[j+c],T[q+s]+=se*Y,T[q+l]+=le*Y,T[j+s]-=se*Y,T[j+l]-=le*Y)):(te=Math.sqrt(se*se+le*le),te>0&&(Y=ve*T[q+c]*T[j+c]/te/te,T[q+s]+=se*Y,T[q+l]+=le*Y,T[j+s]-=se*Y,T[j+l]-=le*Y));for(K=P.gravity/P.scalingRatio,ve=P.scalingRatio,D=0;D<Pe;D+=C)Y=0,se=T[D+i],le=T[D+o],te=Math.sqrt(Math.pow(se,2)+Math.pow(le,2)),P.strongGravityMode?te>0&&(Y=ve*T[D+c]*K):te>0&&(Y=ve*T[D+c]*K/te),T[D+s]-=se*Y,T[D+l]-=le*Y;for(ve=1*(P.outboundAttractionDistribution?Xt:1),Re=0;Re<Ct;Re+=N)q=F[Re+p],j=F[Re+m],ce=F[Re+v],Ze=Math.pow(ce,P.edgeWeightInfluence),se=T[q+i]-T[j+i],le=T[q+o]-T[j+o],Ke===!0?(te=Math.sqrt(se*se+le*le)-T[q+f]-T[j+f],P.linLogMode?P.outboundAttractionDistribution?te>0&&(Y=-ve*Ze*Math.log(1+te)/te/T[q+c]):te>0&&(Y=-ve*Ze*Math.log(1+te)/te):P.outboundAttractionDistribution?te>0&&(Y=-ve*Ze/T[q+c]):te>0&&(Y=-ve*Ze)):(te=Math.sqrt(Math.pow(se,2)+Math.pow(le,2)),P.linLogMode?P.outboundAttractionDistribution?te>0&&(Y=-ve*Ze*Math.log(1+te)/te/T[q+c]):te>0&&(Y=-ve*Ze*Math.log(1+te)/te):P.outboundAttractionDistribution?(te=1,Y=-ve*Ze/T[q+c]):(te=1,Y=-ve*Ze)),te>0&&(T[q+s]+=se*Y,T[q+l]+=le*Y,T[j+s]-=se*Y,T[j+l]-=le*Y);var ta,Tn,na,It,aa,ra;if(Ke===!0)for(D=0;D<Pe;D+=C)T[D+g]!==1&&(ta=Math.sqrt(Math.pow(T[D+s],2)+Math.pow(T[D+l],2)),ta>I&&(T[D+s]=T[D+s]*I/ta,T[D+l]=T[D+l]*I/ta),Tn=T[D+c]*Math.sqrt((T[D+u]-T[D+s])*(T[D+u]-T[D+s])+(T[D+d]-T[D+l])*(T[D+d]-T[D+l])),na=Math.sqrt((T[D+u]+T[D+s])*(T[D+u]+T[D+s])+(T[D+d]+T[D+l])*(T[D+d]+T[D+l]))/2,It=.1*Math.log(1+na)/(1+Math.sqrt(Tn)),aa=T[D+i]+T[D+s]*(It/P.slowDown),T[D+i]=aa,ra=T[D+o]+T[D+l]*(It/P.slowDown),T[D+o]=ra);else for(D=0;D<Pe;D+=C)T[D+g]!==1&&(Tn=T[D+c]*Math.sqrt((T[D+u]-T[D+s])*(T[D+u]-T[D+s])+(T[D+d]-T[D+l])*(T[D+d]-T[D+l])),na=Math.sqrt((T[D+u]+T[D+s])*(T[D+u]+T[D+s])+(T[D+d]+T[D+l])*(T[D+d]+T[D+l]))/2,It=T[D+h]*Math.log(1+na)/(1+Math.sqrt(Tn)),T[D+h]=Math.min(1,Math.sqrt(It*(Math.pow(T[D+s],2)+Math.pow(T[D+l],2))/(1+Math.sqrt(Tn)))),aa=T[D+i]+T[D+s]*(It/P.slowDown),T[D+i]=aa,ra=T[D+o]+T[D+l]*(It/P.slowDown),T[D+o]=ra);return{}}})();var r=t.exports;self.addEventListener("message",function(i){var o=i.data;n=new Float32Array(o.nodes),o.edges&&(e=new Float32Array(o.edges)),r(o.settings,n,e),self.postMessage({nodes:n.buffer},[n.buffer])})}});var Va=De($a=>{function Pf(a){return typeof a!="number"||isNaN(a)?1:a}function If(a,n){var e={},t=function(o){return typeof o>"u"?n:o};typeof n=="function"&&(t=n);var r=function(o){return t(o[a])},i=function(){return t(void 0)};return typeof a=="string"?(e.fromAttributes=r,e.fromGraph=function(o,s){return r(o.getNodeAttributes(s))},e.fromEntry=function(o,s){return r(s)}):typeof a=="function"?(e.fromAttributes=function(){throw new Error("graphology-utils/getters/createNodeValueGetter: irrelevant usage.")},e.fromGraph=function(o,s){return t(a(s,o.getNodeAttributes(s)))},e.fromEntry=function(o,s){return t(a(o,s))}):(e.fromAttributes=i,e.fromGraph=i,e.fromEntry=i),e}function Ws(a,n){var e={},t=function(o){return typeof o>"u"?n:o};typeof n=="function"&&(t=n);var r=function(o){return t(o[a])},i=function(){return t(void 0)};return typeof a=="string"?(e.fromAttributes=r,e.fromGraph=function(o,s){return r(o.getEdgeAttributes(s))},e.fromEntry=function(o,s){return r(s)},e.fromPartialEntry=e.fromEntry,e.fromMinimalEntry=e.fromEntry):typeof a=="function"?(e.fromAttributes=function(){throw new Error("graphology-utils/getters/createEdgeValueGetter: irrelevant usage.")},e.fromGraph=function(o,s){var l=o.extremities(s);return t(a(s,o.getEdgeAttributes(s),l[0],l[1],o.getNodeAttributes(l[0]),o.getNodeAttributes(l[1]),o.isUndirected(s)))},e.fromEntry=function(o,s,l,u,d,c,h){return t(a(o,s,l,u,d,c,h))},e.fromPartialEntry=function(o,s,l,u){return t(a(o,s,l,u))},e.fromMinimalEntry=function(o,s){return t(a(o,s))}):(e.fromAttributes=i,e.fromGraph=i,e.fromEntry=i,e.fromMinimalEntry=i),e}$a.createNodeValueGetter=If;$a.createEdgeValueGetter=Ws;$a.createEdgeWeightGetter=function(a){return Ws(a,Pf)}});var ai=De(wt=>{var Vn=10,Os=3;wt.assign=function(a){a=a||{};var n=Array.prototype.slice.call(arguments).slice(1),e,t,r;for(e=0,r=n.length;e<r;e++)if(n[e])for(t in n[e])a[t]=n[e][t];return a};wt.validateSettings=function(a){return"linLogMode"in a&&typeof a.linLogMode!="boolean"?{message:"the `linLogMode` setting should be a boolean."}:"outboundAttractionDistribution"in a&&typeof a.outboundAttractionDistribution!="boolean"?{message:"the `outboundAttractionDistribution` setting should be a boolean."}:"adjustSizes"in a&&typeof a.adjustSizes!="boolean"?{message:"the `adjustSizes` setting should be a boolean."}:"edgeWeightInfluence"in a&&typeof a.edgeWeightInfluence!="number"?{message:"the `edgeWeightInfluence` setting should be a number."}:"scalingRatio"in a&&!(typeof a.scalingRatio=="number"&&a.scalingRatio>=0)?{message:"the `scalingRatio` setting should be a number >= 0."}:"strongGravityMode"in a&&typeof a.strongGravityMode!="boolean"?{message:"the `strongGravityMode` setting should be a boolean."}:"gravity"in a&&!(typeof a.gravity=="number"&&a.gravity>=0)?{message:"the `gravity` setting should be a number >= 0."}:"slowDown"in a&&!(typeof a.slowDown=="number"||a.slowDown>=0)?{message:"the `slowDown` setting should be a number >= 0."}:"barnesHutOptimize"in a&&typeof a.barnesHutOptimize!="boolean"?{message:"the `barnesHutOptimize` setting should be a boolean."}:"barnesHutTheta"in a&&!(typeof a.barnesHutTheta=="number"&&a.barnesHutTheta>=0)?{message:"the `barnesHutTheta` setting should be a number >= 0."}:null};wt.graphToByteArrays=function(a,n){var e=a.order,t=a.size,r={},i,o=new Float32Array(e*Vn),s=new Float32Array(t*Os);return i=0,a.forEachNode(function(l,u){r[l]=i,o[i]=u.x,o[i+1]=u.y,o[i+2]=0,o[i+3]=0,o[i+4]=0,o[i+5]=0,o[i+6]=1,o[i+7]=1,o[i+8]=u.size||1,o[i+9]=u.fixed?1:0,i+=Vn}),i=0,a.forEachEdge(function(l,u,d,c,h,f,g){var p=r[d],m=r[c],v=n(l,u,d,c,h,f,g);o[p+6]+=v,o[m+6]+=v,s[i]=p,s[i+1]=m,s[i+2]=v,i+=Os}),{nodes:o,edges:s}};wt.assignLayoutChanges=function(a,n,e){var t=0;a.updateEachNodeAttributes(function(r,i){return i.x=n[t],i.y=n[t+1],t+=Vn,e?e(r,i):i})};wt.readGraphPositions=function(a,n){var e=0;a.forEachNode(function(t,r){n[e]=r.x,n[e+1]=r.y,e+=Vn})};wt.collectLayoutChanges=function(a,n,e){for(var t=a.nodes(),r={},i=0,o=0,s=n.length;i<s;i+=Vn){if(e){var l=Object.assign({},a.getNodeAttributes(t[o]));l.x=n[i],l.y=n[i+1],l=e(t[o],l),r[t[o]]={x:l.x,y:l.y}}else r[t[o]]={x:n[i],y:n[i+1]};o++}return r};wt.createWorker=function(n){var e=window.URL||window.webkitURL,t=n.toString(),r=e.createObjectURL(new Blob(["("+t+").call(this);"],{type:"text/javascript"})),i=new Worker(r);return e.revokeObjectURL(r),i}});var ri=De((Vv,Ms)=>{Ms.exports={linLogMode:!1,outboundAttractionDistribution:!1,adjustSizes:!1,edgeWeightInfluence:1,scalingRatio:1,strongGravityMode:!1,gravity:1,slowDown:1,barnesHutOptimize:!1,barnesHutTheta:.5}});var Us=De((jv,Bs)=>{var Ff=Ns(),Gf=Wt(),zf=Va().createEdgeWeightGetter,xn=ai(),Nf=ri();function At(a,n){if(n=n||{},!Gf(a))throw new Error("graphology-layout-forceatlas2/worker: the given graph is not a valid graphology instance.");var e=zf("getEdgeWeight"in n?n.getEdgeWeight:"weight").fromEntry,t=xn.assign({},Nf,n.settings),r=xn.validateSettings(t);if(r)throw new Error("graphology-layout-forceatlas2/worker: "+r.message);this.worker=null,this.graph=a,this.settings=t,this.getEdgeWeight=e,this.matrices=null,this.running=!1,this.killed=!1,this.outputReducer=typeof n.outputReducer=="function"?n.outputReducer:null,this.handleMessage=this.handleMessage.bind(this);var i=void 0,o=this;this.handleGraphUpdate=function(){o.worker&&o.worker.terminate(),i&&clearTimeout(i),i=setTimeout(function(){i=void 0,o.spawnWorker()},0)},a.on("nodeAdded",this.handleGraphUpdate),a.on("edgeAdded",this.handleGraphUpdate),a.on("nodeDropped",this.handleGraphUpdate),a.on("edgeDropped",this.handleGraphUpdate),this.spawnWorker()}At.prototype.isRunning=function(){return this.running};At.prototype.spawnWorker=function(){this.worker&&this.worker.terminate(),this.worker=xn.createWorker(Ff),this.worker.addEventListener("message",this.handleMessage),this.running&&(this.running=!1,this.start())};At.prototype.handleMessage=function(a){if(this.running){var n=new Float32Array(a.data.nodes);xn.assignLayoutChanges(this.graph,n,this.outputReducer),this.outputReducer&&xn.readGraphPositions(this.graph,n),this.matrices.nodes=n,this.askForIterations()}};At.prototype.askForIterations=function(a){var n=this.matrices,e={settings:this.settings,nodes:n.nodes.buffer},t=[n.nodes.buffer];return a&&(e.edges=n.edges.buffer,t.push(n.edges.buffer)),this.worker.postMessage(e,t),this};At.prototype.start=function(){if(this.killed)throw new Error("graphology-layout-forceatlas2/worker.start: layout was killed.");return this.running?this:(this.matrices=xn.graphToByteArrays(this.graph,this.getEdgeWeight),this.running=!0,this.askForIterations(!0),this)};At.prototype.stop=function(){return this.running=!1,this};At.prototype.kill=function(){if(this.killed)return this;this.running=!1,this.killed=!0,this.matrices=null,this.worker.terminate(),this.graph.removeListener("nodeAdded",this.handleGraphUpdate),this.graph.removeListener("edgeAdded",this.handleGraphUpdate),this.graph.removeListener("nodeDropped",this.handleGraphUpdate),this.graph.removeListener("edgeDropped",this.handleGraphUpdate)};Bs.exports=At});var qs=De((qv,js)=>{var Ee=0,ye=1,ue=2,de=3,vt=4,pt=5,he=6,Hs=7,ja=8,$s=9,Wf=0,Of=1,Mf=2,Le=0,Ye=1,ze=2,jt=3,Rt=4,_e=5,Ne=6,ot=7,st=8,Vs=3,tt=10,Bf=3,Fe=9,ii=10;js.exports=function(n,e,t){var r,i,o,s,l,u,d,c,h,f,g=e.length,p=t.length,m=n.adjustSizes,v=n.barnesHutTheta*n.barnesHutTheta,y,b,x,_,E,w,A,S=[];for(o=0;o<g;o+=tt)e[o+vt]=e[o+ue],e[o+pt]=e[o+de],e[o+ue]=0,e[o+de]=0;if(n.outboundAttractionDistribution){for(y=0,o=0;o<g;o+=tt)y+=e[o+he];y/=g/tt}if(n.barnesHutOptimize){var L=1/0,G=-1/0,C=1/0,N=-1/0,k,I,W;for(o=0;o<g;o+=tt)L=Math.min(L,e[o+Ee]),G=Math.max(G,e[o+Ee]),C=Math.min(C,e[o+ye]),N=Math.max(N,e[o+ye]);var P=G-L,T=N-C;for(P>T?(C-=(P-T)/2,N=C+P):(L-=(T-P)/2,G=L+T),S[0+Le]=-1,S[0+Ye]=(L+G)/2,S[0+ze]=(C+N)/2,S[0+jt]=Math.max(G-L,N-C),S[0+Rt]=-1,S[0+_e]=-1,S[0+Ne]=0,S[0+ot]=0,S[0+st]=0,r=1,o=0;o<g;o+=tt)for(i=0,W=Vs;;)if(S[i+_e]>=0){e[o+Ee]<S[i+Ye]?e[o+ye]<S[i+ze]?k=S[i+_e]:k=S[i+_e]+Fe:e[o+ye]<S[i+ze]?k=S[i+_e]+Fe*2:k=S[i+_e]+Fe*3,S[i+ot]=(S[i+ot]*S[i+Ne]+e[o+Ee]*e[o+he])/(S[i+Ne]+e[o+he]),S[i+st]=(S[i+st]*S[i+Ne]+e[o+ye]*e[o+he])/(S[i+Ne]+e[o+he]),S[i+Ne]+=e[o+he],i=k;continue}else if(S[i+Le]<0){S[i+Le]=o;break}else{if(S[i+_e]=r*Fe,c=S[i+jt]/2,h=S[i+_e],S[h+Le]=-1,S[h+Ye]=S[i+Ye]-c,S[h+ze]=S[i+ze]-c,S[h+jt]=c,S[h+Rt]=h+Fe,S[h+_e]=-1,S[h+Ne]=0,S[h+ot]=0,S[h+st]=0,h+=Fe,S[h+Le]=-1,S[h+Ye]=S[i+Ye]-c,S[h+ze]=S[i+ze]+c,S[h+jt]=c,S[h+Rt]=h+Fe,S[h+_e]=-1,S[h+Ne]=0,S[h+ot]=0,S[h+st]=0,h+=Fe,S[h+Le]=-1,S[h+Ye]=S[i+Ye]+c,S[h+ze]=S[i+ze]-c,S[h+jt]=c,S[h+Rt]=h+Fe,S[h+_e]=-1,S[h+Ne]=0,S[h+ot]=0,S[h+st]=0,h+=Fe,S[h+Le]=-1,S[h+Ye]=S[i+Ye]+c,S[h+ze]=S[i+ze]+c,S[h+jt]=c,S[h+Rt]=S[i+Rt],S[h+_e]=-1,S[h+Ne]=0,S[h+ot]=0,S[h+st]=0,r+=4,e[S[i+Le]+Ee]<S[i+Ye]?e[S[i+Le]+ye]<S[i+ze]?k=S[i+_e]:k=S[i+_e]+Fe:e[S[i+Le]+ye]<S[i+ze]?k=S[i+_e]+Fe*2:k=S[i+_e]+Fe*3,S[i+Ne]=e[S[i+Le]+he],S[i+ot]=e[S[i+Le]+Ee],S[i+st]=e[S[i+Le]+ye],S[k+Le]=S[i+Le],S[i+Le]=-1,e[o+Ee]<S[i+Ye]?e[o+ye]<S[i+ze]?I=S[i+_e]:I=S[i+_e]+Fe:e[o+ye]<S[i+ze]?I=S[i+_e]+Fe*2:I=S[i+_e]+Fe*3,k===I)if(W--){i=k;continue}else{W=Vs;break}S[I+Le]=o;break}}if(n.barnesHutOptimize)for(b=n.scalingRatio,o=0;o<g;o+=tt)for(i=0;;)if(S[i+_e]>=0)if(w=Math.pow(e[o+Ee]-S[i+ot],2)+Math.pow(e[o+ye]-S[i+st],2),f=S[i+jt],4*f*f/w<v){if(x=e[o+Ee]-S[i+ot],_=e[o+ye]-S[i+st],m===!0?w>0?(A=b*e[o+he]*S[i+Ne]/w,e[o+ue]+=x*A,e[o+de]+=_*A):w<0&&(A=-b*e[o+he]*S[i+Ne]/Math.sqrt(w),e[o+ue]+=x*A,e[o+de]+=_*A):w>0&&(A=b*e[o+he]*S[i+Ne]/w,e[o+ue]+=x*A,e[o+de]+=_*A),i=S[i+Rt],i<0)break;continue}else{i=S[i+_e];continue}else{if(u=S[i+Le],u>=0&&u!==o&&(x=e[o+Ee]-e[u+Ee],_=e[o+ye]-e[u+ye],w=x*x+_*_,m===!0?w>0?(A=b*e[o+he]*e[u+he]/w,e[o+ue]+=x*A,e[o+de]+=_*A):w<0&&(A=-b*e[o+he]*e[u+he]/Math.sqrt(w),e[o+ue]+=x*A,e[o+de]+=_*A):w>0&&(A=b*e[o+he]*e[u+he]/w,e[o+ue]+=x*A,e[o+de]+=_*A)),i=S[i+Rt],i<0)break;continue}else for(b=n.scalingRatio,s=0;s<g;s+=tt)for(l=0;l<s;l+=tt)x=e[s+Ee]-e[l+Ee],_=e[s+ye]-e[l+ye],m===!0?(w=Math.sqrt(x*x+_*_)-e[s+ja]-e[l+ja],w>0?(A=b*e[s+he]*e[l+he]/w/w,e[s+ue]+=x*A,e[s+de]+=_*A,e[l+ue]-=x*A,e[l+de]-=_*A):w<0&&(A=100*b*e[s+he]*e[l+he],e[s+ue]+=x*A,e[s+de]+=_*A,e[l+ue]-=x*A,e[l+de]-=_*A)):(w=Math.sqrt(x*x+_*_),w>0&&(A=b*e[s+he]*e[l+he]/w/w,e[s+ue]+=x*A,e[s+de]+=_*A,e[l+ue]-=x*A,e[l+de]-=_*A));for(h=n.gravity/n.scalingRatio,b=n.scalingRatio,o=0;o<g;o+=tt)A=0,x=e[o+Ee],_=e[o+ye],w=Math.sqrt(Math.pow(x,2)+Math.pow(_,2)),n.strongGravityMode?w>0&&(A=b*e[o+he]*h):w>0&&(A=b*e[o+he]*h/w),e[o+ue]-=x*A,e[o+de]-=_*A;for(b=1*(n.outboundAttractionDistribution?y:1),d=0;d<p;d+=Bf)s=t[d+Wf],l=t[d+Of],c=t[d+Mf],E=Math.pow(c,n.edgeWeightInfluence),x=e[s+Ee]-e[l+Ee],_=e[s+ye]-e[l+ye],m===!0?(w=Math.sqrt(x*x+_*_)-e[s+ja]-e[l+ja],n.linLogMode?n.outboundAttractionDistribution?w>0&&(A=-b*E*Math.log(1+w)/w/e[s+he]):w>0&&(A=-b*E*Math.log(1+w)/w):n.outboundAttractionDistribution?w>0&&(A=-b*E/e[s+he]):w>0&&(A=-b*E)):(w=Math.sqrt(Math.pow(x,2)+Math.pow(_,2)),n.linLogMode?n.outboundAttractionDistribution?w>0&&(A=-b*E*Math.log(1+w)/w/e[s+he]):w>0&&(A=-b*E*Math.log(1+w)/w):n.outboundAttractionDistribution?(w=1,A=-b*E/e[s+he]):(w=1,A=-b*E)),w>0&&(e[s+ue]+=x*A,e[s+de]+=_*A,e[l+ue]-=x*A,e[l+de]-=_*A);var F,M,z,D,q,j;if(m===!0)for(o=0;o<g;o+=tt)e[o+$s]!==1&&(F=Math.sqrt(Math.pow(e[o+ue],2)+Math.pow(e[o+de],2)),F>ii&&(e[o+ue]=e[o+ue]*ii/F,e[o+de]=e[o+de]*ii/F),M=e[o+he]*Math.sqrt((e[o+vt]-e[o+ue])*(e[o+vt]-e[o+ue])+(e[o+pt]-e[o+de])*(e[o+pt]-e[o+de])),z=Math.sqrt((e[o+vt]+e[o+ue])*(e[o+vt]+e[o+ue])+(e[o+pt]+e[o+de])*(e[o+pt]+e[o+de]))/2,D=.1*Math.log(1+z)/(1+Math.sqrt(M)),q=e[o+Ee]+e[o+ue]*(D/n.slowDown),e[o+Ee]=q,j=e[o+ye]+e[o+de]*(D/n.slowDown),e[o+ye]=j);else for(o=0;o<g;o+=tt)e[o+$s]!==1&&(M=e[o+he]*Math.sqrt((e[o+vt]-e[o+ue])*(e[o+vt]-e[o+ue])+(e[o+pt]-e[o+de])*(e[o+pt]-e[o+de])),z=Math.sqrt((e[o+vt]+e[o+ue])*(e[o+vt]+e[o+ue])+(e[o+pt]+e[o+de])*(e[o+pt]+e[o+de]))/2,D=e[o+Hs]*Math.log(1+z)/(1+Math.sqrt(M)),e[o+Hs]=Math.min(1,Math.sqrt(D*(Math.pow(e[o+ue],2)+Math.pow(e[o+de],2))/(1+Math.sqrt(M)))),q=e[o+Ee]+e[o+ue]*(D/n.slowDown),e[o+Ee]=q,j=e[o+ye]+e[o+de]*(D/n.slowDown),e[o+ye]=j);return{}}});var Ks=De((Xv,Ys)=>{var Uf=Wt(),Hf=Va().createEdgeWeightGetter,$f=qs(),jn=ai(),Vf=ri();function Xs(a,n,e){if(!Uf(n))throw new Error("graphology-layout-forceatlas2: the given graph is not a valid graphology instance.");typeof e=="number"&&(e={iterations:e});var t=e.iterations;if(typeof t!="number")throw new Error("graphology-layout-forceatlas2: invalid number of iterations.");if(t<=0)throw new Error("graphology-layout-forceatlas2: you should provide a positive number of iterations.");var r=Hf("getEdgeWeight"in e?e.getEdgeWeight:"weight").fromEntry,i=typeof e.outputReducer=="function"?e.outputReducer:null,o=jn.assign({},Vf,e.settings),s=jn.validateSettings(o);if(s)throw new Error("graphology-layout-forceatlas2: "+s.message);var l=jn.graphToByteArrays(n,r),u;for(u=0;u<t;u++)$f(o,l.nodes,l.edges);if(a){jn.assignLayoutChanges(n,l.nodes,i);return}return jn.collectLayoutChanges(n,l.nodes)}function jf(a){var n=typeof a=="number"?a:a.order;return{barnesHutOptimize:n>2e3,strongGravityMode:!0,gravity:.05,scalingRatio:10,slowDown:1+Math.log(n)}}var oi=Xs.bind(null,!1);oi.assign=Xs.bind(null,!0);oi.inferSettings=jf;Ys.exports=oi});var si=De((Yv,Qs)=>{function qf(a){return!a||typeof a!="object"||typeof a=="function"||Array.isArray(a)||a instanceof Set||a instanceof Map||a instanceof RegExp||a instanceof Date}function Zs(a,n){a=a||{};var e={};for(var t in n){var r=a[t],i=n[t];if(!qf(i)){e[t]=Zs(r,i);continue}r===void 0?e[t]=i:e[t]=r}return e}Qs.exports=Zs});var el=De((Kv,Js)=>{var Xf=Wt();Js.exports=function(n){if(!Xf(n))throw new Error("graphology-utils/infer-type: expecting a valid graphology instance.");var e=n.type;return e!=="mixed"?e:n.directedSize===0&&n.undirectedSize===0||n.directedSize>0&&n.undirectedSize>0?"mixed":n.directedSize>0?"directed":"undirected"}});var li=De((Zv,tl)=>{function lt(a){if(typeof a!="function")throw new Error("obliterator/iterator: expecting a function!");this.next=a}typeof Symbol<"u"&&(lt.prototype[Symbol.iterator]=function(){return this});lt.of=function(){var a=arguments,n=a.length,e=0;return new lt(function(){return e>=n?{done:!0}:{done:!1,value:a[e++]}})};lt.empty=function(){var a=new lt(function(){return{done:!0}});return a};lt.fromSequence=function(a){var n=0,e=a.length;return new lt(function(){return n>=e?{done:!0}:{done:!1,value:a[n++]}})};lt.is=function(a){return a instanceof lt?!0:typeof a=="object"&&a!==null&&typeof a.next=="function"};tl.exports=lt});var qa=De(ut=>{var Yf=Math.pow(2,8)-1,Kf=Math.pow(2,16)-1,Zf=Math.pow(2,32)-1,Qf=Math.pow(2,7)-1,Jf=Math.pow(2,15)-1,eg=Math.pow(2,31)-1;ut.getPointerArray=function(a){var n=a-1;if(n<=Yf)return Uint8Array;if(n<=Kf)return Uint16Array;if(n<=Zf)return Uint32Array;throw new Error("mnemonist: Pointer Array of size > 4294967295 is not supported.")};ut.getSignedPointerArray=function(a){var n=a-1;return n<=Qf?Int8Array:n<=Jf?Int16Array:n<=eg?Int32Array:Float64Array};ut.getNumberType=function(a){return a===(a|0)?Math.sign(a)===-1?a<=127&&a>=-128?Int8Array:a<=32767&&a>=-32768?Int16Array:Int32Array:a<=255?Uint8Array:a<=65535?Uint16Array:Uint32Array:Float64Array};var tg={Uint8Array:1,Int8Array:2,Uint16Array:3,Int16Array:4,Uint32Array:5,Int32Array:6,Float32Array:7,Float64Array:8};ut.getMinimalRepresentation=function(a,n){var e=null,t=0,r,i,o,s,l;for(s=0,l=a.length;s<l;s++)o=n?n(a[s]):a[s],i=ut.getNumberType(o),r=tg[i.name],r>t&&(t=r,e=i);return e};ut.isTypedArray=function(a){return typeof ArrayBuffer<"u"&&ArrayBuffer.isView(a)};ut.concat=function(){var a=0,n,e,t;for(n=0,t=arguments.length;n<t;n++)a+=arguments[n].length;var r=new arguments[0].constructor(a);for(n=0,e=0;n<t;n++)r.set(arguments[n],e),e+=arguments[n].length;return r};ut.indices=function(a){for(var n=ut.getPointerArray(a),e=new n(a),t=0;t<a;t++)e[t]=t;return e}});var al=De((Jv,nl)=>{var ui=li(),ng=qa().getPointerArray;function Ge(a,n){arguments.length<2&&(n=a,a=Array);var e=ng(n);this.size=0,this.length=n,this.dense=new e(n),this.sparse=new e(n),this.vals=new a(n)}Ge.prototype.clear=function(){this.size=0};Ge.prototype.has=function(a){var n=this.sparse[a];return n<this.size&&this.dense[n]===a};Ge.prototype.get=function(a){var n=this.sparse[a];if(n<this.size&&this.dense[n]===a)return this.vals[n]};Ge.prototype.set=function(a,n){var e=this.sparse[a];return e<this.size&&this.dense[e]===a?(this.vals[e]=n,this):(this.dense[this.size]=a,this.sparse[a]=this.size,this.vals[this.size]=n,this.size++,this)};Ge.prototype.delete=function(a){var n=this.sparse[a];return n>=this.size||this.dense[n]!==a?!1:(n=this.dense[this.size-1],this.dense[this.sparse[a]]=n,this.sparse[n]=this.sparse[a],this.size--,!0)};Ge.prototype.forEach=function(a,n){n=arguments.length>1?n:this;for(var e=0;e<this.size;e++)a.call(n,this.vals[e],this.dense[e])};Ge.prototype.keys=function(){var a=this.size,n=this.dense,e=0;return new ui(function(){if(e<a){var t=n[e];return e++,{value:t}}return{done:!0}})};Ge.prototype.values=function(){var a=this.size,n=this.vals,e=0;return new ui(function(){if(e<a){var t=n[e];return e++,{value:t}}return{done:!0}})};Ge.prototype.entries=function(){var a=this.size,n=this.dense,e=this.vals,t=0;return new ui(function(){if(t<a){var r=[n[t],e[t]];return t++,{value:r}}return{done:!0}})};typeof Symbol<"u"&&(Ge.prototype[Symbol.iterator]=Ge.prototype.entries);Ge.prototype.inspect=function(){for(var a=new Map,n=0;n<this.size;n++)a.set(this.dense[n],this.vals[n]);return Object.defineProperty(a,"constructor",{value:Ge,enumerable:!1}),a.length=this.length,this.vals.constructor!==Array&&(a.type=this.vals.constructor.name),a};typeof Symbol<"u"&&(Ge.prototype[Symbol.for("nodejs.util.inspect.custom")]=Ge.prototype.inspect);nl.exports=Ge});var il=De((ep,rl)=>{var ag=li(),rg=qa().getPointerArray;function Be(a){var n=rg(a);this.start=0,this.size=0,this.capacity=a,this.dense=new n(a),this.sparse=new n(a)}Be.prototype.clear=function(){this.start=0,this.size=0};Be.prototype.has=function(a){if(this.size===0)return!1;var n=this.sparse[a],e=n<this.capacity&&n>=this.start&&n<this.start+this.size||n<(this.start+this.size)%this.capacity;return e&&this.dense[n]===a};Be.prototype.enqueue=function(a){var n=this.sparse[a];if(this.size!==0){var e=n<this.capacity&&n>=this.start&&n<this.start+this.size||n<(this.start+this.size)%this.capacity;if(e&&this.dense[n]===a)return this}return n=(this.start+this.size)%this.capacity,this.dense[n]=a,this.sparse[a]=n,this.size++,this};Be.prototype.dequeue=function(){if(this.size!==0){var a=this.start;this.size--,this.start++,this.start===this.capacity&&(this.start=0);var n=this.dense[a];return this.sparse[n]=this.capacity,n}};Be.prototype.forEach=function(a,n){n=arguments.length>1?n:this;for(var e=this.capacity,t=this.size,r=this.start,i=0;i<t;)a.call(n,this.dense[r],i,this),r++,i++,r===e&&(r=0)};Be.prototype.values=function(){var a=this.dense,n=this.capacity,e=this.size,t=this.start,r=0;return new ag(function(){if(r>=e)return{done:!0};var i=a[t];return t++,r++,t===n&&(t=0),{value:i,done:!1}})};typeof Symbol<"u"&&(Be.prototype[Symbol.iterator]=Be.prototype.values);Be.prototype.inspect=function(){var a=[];return this.forEach(function(n){a.push(n)}),Object.defineProperty(a,"constructor",{value:Be,enumerable:!1}),a.capacity=this.capacity,a};typeof Symbol<"u"&&(Be.prototype[Symbol.for("nodejs.util.inspect.custom")]=Be.prototype.inspect);rl.exports=Be});var ul=De((tp,ll)=>{function ol(a){return function(n){return typeof n!="number"&&(n=n.length),Math.floor(a()*n)}}var sl=ol(Math.random);sl.createRandomIndex=ol;ll.exports=sl});var gl=De(di=>{var Dt=qa(),dl=si(),cl=Va().createEdgeWeightGetter,hl=Symbol.for("nodejs.util.inspect.custom"),fl={getEdgeWeight:"weight",keepDendrogram:!1,resolution:1};function xe(a,n){n=dl(n,fl);var e=n.resolution,t=cl(n.getEdgeWeight).fromEntry,r=(a.size-a.selfLoopCount)*2,i=Dt.getPointerArray(r),o=Dt.getPointerArray(a.order+1),s=n.getEdgeWeight?Float64Array:Dt.getPointerArray(a.size*2);this.C=a.order,this.M=0,this.E=r,this.U=0,this.resolution=e,this.level=0,this.graph=a,this.nodes=new Array(a.order),this.keepDendrogram=n.keepDendrogram,this.neighborhood=new o(r),this.weights=new s(r),this.loops=new s(a.order),this.starts=new i(a.order+1),this.belongings=new o(a.order),this.dendrogram=[],this.mapping=null,this.counts=new o(a.order),this.unused=new o(a.order),this.totalWeights=new s(a.order);var l={},u,d=0,c=0,h=this;a.forEachNode(function(f){h.nodes[d]=f,l[f]=d,c+=a.undirectedDegreeWithoutSelfLoops(f),h.starts[d]=c,h.belongings[d]=d,h.counts[d]=1,d++}),a.forEachEdge(function(f,g,p,m,v,y,b){if(u=t(f,g,p,m,v,y,b),p=l[p],m=l[m],h.M+=u,p===m)h.totalWeights[p]+=u*2,h.loops[p]=u*2;else{h.totalWeights[p]+=u,h.totalWeights[m]+=u;var x=--h.starts[p],_=--h.starts[m];h.neighborhood[x]=m,h.neighborhood[_]=p,h.weights[x]=u,h.weights[_]=u}}),this.starts[d]=this.E,this.keepDendrogram?this.dendrogram.push(this.belongings.slice()):this.mapping=this.belongings.slice()}xe.prototype.isolate=function(a,n){var e=this.belongings[a];if(this.counts[e]===1)return e;var t=this.unused[--this.U],r=this.loops[a];return this.totalWeights[e]-=n+r,this.totalWeights[t]+=n+r,this.belongings[a]=t,this.counts[e]--,this.counts[t]++,t};xe.prototype.move=function(a,n,e){var t=this.belongings[a],r=this.loops[a];this.totalWeights[t]-=n+r,this.totalWeights[e]+=n+r,this.belongings[a]=e;var i=this.counts[t]--===1;this.counts[e]++,i&&(this.unused[this.U++]=t)};xe.prototype.computeNodeDegree=function(a){var n,e,t,r=0;for(n=this.starts[a],e=this.starts[a+1];n<e;n++)t=this.weights[n],r+=t;return r};xe.prototype.expensiveIsolate=function(a){var n=this.computeNodeDegree(a);return this.isolate(a,n)};xe.prototype.expensiveMove=function(a,n){var e=this.computeNodeDegree(a);this.move(a,e,n)};xe.prototype.zoomOut=function(){var a=new Array(this.C-this.U),n={},e=this.nodes.length,t=0,r=0,i,o,s,l,u,d,c,h,f;for(i=0,s=this.C;i<s;i++)d=this.belongings[i],d in n||(n[d]=t,a[t]={adj:{},totalWeights:this.totalWeights[d],internalWeights:0},t++),this.belongings[i]=n[d];var g,p;if(this.keepDendrogram){for(g=this.dendrogram[this.level],p=new(Dt.getPointerArray(t))(e),i=0;i<e;i++)p[i]=this.belongings[g[i]];this.dendrogram.push(p)}else for(i=0;i<e;i++)this.mapping[i]=this.belongings[this.mapping[i]];for(i=0,s=this.C;i<s;i++)for(d=this.belongings[i],h=a[d],f=h.adj,h.internalWeights+=this.loops[i],o=this.starts[i],l=this.starts[i+1];o<l;o++){if(u=this.neighborhood[o],c=this.belongings[u],d===c){h.internalWeights+=this.weights[o];continue}c in f||(f[c]=0),f[c]+=this.weights[o]}for(this.C=t,u=0,d=0;d<t;d++){h=a[d],f=h.adj,d=+d,this.totalWeights[d]=h.totalWeights,this.loops[d]=h.internalWeights,this.counts[d]=1,this.starts[d]=u,this.belongings[d]=d;for(c in f)this.neighborhood[u]=+c,this.weights[u]=f[c],r++,u++}return this.starts[t]=r,this.E=r,this.U=0,this.level++,n};xe.prototype.modularity=function(){var a,n,e,t,r,i=0,o=this.M*2,s=new Float64Array(this.C);for(e=0;e<this.C;e++)for(a=this.belongings[e],s[a]+=this.loops[e],t=this.starts[e],r=this.starts[e+1];t<r;t++)n=this.belongings[this.neighborhood[t]],a===n&&(s[a]+=this.weights[t]);for(e=0;e<this.C;e++)i+=s[e]/o-Math.pow(this.totalWeights[e]/o,2)*this.resolution;return i};xe.prototype.delta=function(a,n,e,t){var r=this.M,i=this.totalWeights[t];return n+=this.loops[a],e/r-i*n*this.resolution/(2*r*r)};xe.prototype.deltaWithOwnCommunity=function(a,n,e,t){var r=this.M,i=this.totalWeights[t];return n+=this.loops[a],e/r-(i-n)*n*this.resolution/(2*r*r)};xe.prototype.fastDelta=function(a,n,e,t){var r=this.M,i=this.totalWeights[t];return n+=this.loops[a],e-n*i*this.resolution/(2*r)};xe.prototype.fastDeltaWithOwnCommunity=function(a,n,e,t){var r=this.M,i=this.totalWeights[t];return n+=this.loops[a],e-n*(i-n)*this.resolution/(2*r)};xe.prototype.bounds=function(a){return[this.starts[a],this.starts[a+1]]};xe.prototype.project=function(){var a=this,n={};return a.nodes.slice(0,this.C).forEach(function(e,t){n[e]=Array.from(a.neighborhood.slice(a.starts[t],a.starts[t+1])).map(function(r){return a.nodes[r]})}),n};xe.prototype.collect=function(a){arguments.length<1&&(a=this.level);var n={},e=this.keepDendrogram?this.dendrogram[a]:this.mapping,t,r;for(t=0,r=e.length;t<r;t++)n[this.nodes[t]]=e[t];return n};xe.prototype.assign=function(a,n){arguments.length<2&&(n=this.level);var e=this.keepDendrogram?this.dendrogram[n]:this.mapping,t,r;for(t=0,r=e.length;t<r;t++)this.graph.setNodeAttribute(this.nodes[t],a,e[t])};xe.prototype[hl]=function(){var a={};Object.defineProperty(a,"constructor",{value:xe,enumerable:!1}),a.C=this.C,a.M=this.M,a.E=this.E,a.U=this.U,a.resolution=this.resolution,a.level=this.level,a.nodes=this.nodes,a.starts=this.starts.slice(0,a.C+1);var n=["neighborhood","weights"],e=["counts","loops","belongings","totalWeights"],t=this;return n.forEach(function(r){a[r]=t[r].slice(0,a.E)}),e.forEach(function(r){a[r]=t[r].slice(0,a.C)}),a.unused=this.unused.slice(0,this.U),this.keepDendrogram?a.dendrogram=this.dendrogram:a.mapping=this.mapping,a};function Se(a,n){n=dl(n,fl);var e=n.resolution,t=cl(n.getEdgeWeight).fromEntry,r=(a.size-a.selfLoopCount)*2,i=Dt.getPointerArray(r),o=Dt.getPointerArray(a.order+1),s=n.getEdgeWeight?Float64Array:Dt.getPointerArray(a.size*2);this.C=a.order,this.M=0,this.E=r,this.U=0,this.resolution=e,this.level=0,this.graph=a,this.nodes=new Array(a.order),this.keepDendrogram=n.keepDendrogram,this.neighborhood=new o(r),this.weights=new s(r),this.loops=new s(a.order),this.starts=new i(a.order+1),this.offsets=new i(a.order),this.belongings=new o(a.order),this.dendrogram=[],this.counts=new o(a.order),this.unused=new o(a.order),this.totalInWeights=new s(a.order),this.totalOutWeights=new s(a.order);var l={},u,d=0,c=0,h=this;a.forEachNode(function(f){h.nodes[d]=f,l[f]=d,c+=a.outDegreeWithoutSelfLoops(f),h.starts[d]=c,c+=a.inDegreeWithoutSelfLoops(f),h.offsets[d]=c,h.belongings[d]=d,h.counts[d]=1,d++}),a.forEachEdge(function(f,g,p,m,v,y,b){if(u=t(f,g,p,m,v,y,b),p=l[p],m=l[m],h.M+=u,p===m)h.loops[p]+=u,h.totalInWeights[p]+=u,h.totalOutWeights[p]+=u;else{h.totalOutWeights[p]+=u,h.totalInWeights[m]+=u;var x=--h.starts[p],_=--h.offsets[m];h.neighborhood[x]=m,h.neighborhood[_]=p,h.weights[x]=u,h.weights[_]=u}}),this.starts[d]=this.E,this.keepDendrogram?this.dendrogram.push(this.belongings.slice()):this.mapping=this.belongings.slice()}Se.prototype.bounds=xe.prototype.bounds;Se.prototype.inBounds=function(a){return[this.offsets[a],this.starts[a+1]]};Se.prototype.outBounds=function(a){return[this.starts[a],this.offsets[a]]};Se.prototype.project=xe.prototype.project;Se.prototype.projectIn=function(){var a=this,n={};return a.nodes.slice(0,this.C).forEach(function(e,t){n[e]=Array.from(a.neighborhood.slice(a.offsets[t],a.starts[t+1])).map(function(r){return a.nodes[r]})}),n};Se.prototype.projectOut=function(){var a=this,n={};return a.nodes.slice(0,this.C).forEach(function(e,t){n[e]=Array.from(a.neighborhood.slice(a.starts[t],a.offsets[t])).map(function(r){return a.nodes[r]})}),n};Se.prototype.isolate=function(a,n,e){var t=this.belongings[a];if(this.counts[t]===1)return t;var r=this.unused[--this.U],i=this.loops[a];return this.totalInWeights[t]-=n+i,this.totalInWeights[r]+=n+i,this.totalOutWeights[t]-=e+i,this.totalOutWeights[r]+=e+i,this.belongings[a]=r,this.counts[t]--,this.counts[r]++,r};Se.prototype.move=function(a,n,e,t){var r=this.belongings[a],i=this.loops[a];this.totalInWeights[r]-=n+i,this.totalInWeights[t]+=n+i,this.totalOutWeights[r]-=e+i,this.totalOutWeights[t]+=e+i,this.belongings[a]=t;var o=this.counts[r]--===1;this.counts[t]++,o&&(this.unused[this.U++]=r)};Se.prototype.computeNodeInDegree=function(a){var n,e,t,r=0;for(n=this.offsets[a],e=this.starts[a+1];n<e;n++)t=this.weights[n],r+=t;return r};Se.prototype.computeNodeOutDegree=function(a){var n,e,t,r=0;for(n=this.starts[a],e=this.offsets[a];n<e;n++)t=this.weights[n],r+=t;return r};Se.prototype.expensiveMove=function(a,n){var e=this.computeNodeInDegree(a),t=this.computeNodeOutDegree(a);this.move(a,e,t,n)};Se.prototype.zoomOut=function(){var a=new Array(this.C-this.U),n={},e=this.nodes.length,t=0,r=0,i,o,s,l,u,d,c,h,f,g,p,m,v;for(i=0,s=this.C;i<s;i++)d=this.belongings[i],d in n||(n[d]=t,a[t]={inAdj:{},outAdj:{},totalInWeights:this.totalInWeights[d],totalOutWeights:this.totalOutWeights[d],internalWeights:0},t++),this.belongings[i]=n[d];var y,b;if(this.keepDendrogram){for(y=this.dendrogram[this.level],b=new(Dt.getPointerArray(t))(e),i=0;i<e;i++)b[i]=this.belongings[y[i]];this.dendrogram.push(b)}else for(i=0;i<e;i++)this.mapping[i]=this.belongings[this.mapping[i]];for(i=0,s=this.C;i<s;i++)for(d=this.belongings[i],f=this.offsets[i],h=a[d],m=h.inAdj,v=h.outAdj,h.internalWeights+=this.loops[i],o=this.starts[i],l=this.starts[i+1];o<l;o++){if(u=this.neighborhood[o],c=this.belongings[u],g=o<f,p=g?v:m,d===c){g&&(h.internalWeights+=this.weights[o]);continue}c in p||(p[c]=0),p[c]+=this.weights[o]}for(this.C=t,u=0,d=0;d<t;d++){h=a[d],m=h.inAdj,v=h.outAdj,d=+d,this.totalInWeights[d]=h.totalInWeights,this.totalOutWeights[d]=h.totalOutWeights,this.loops[d]=h.internalWeights,this.counts[d]=1,this.starts[d]=u,this.belongings[d]=d;for(c in v)this.neighborhood[u]=+c,this.weights[u]=v[c],r++,u++;this.offsets[d]=u;for(c in m)this.neighborhood[u]=+c,this.weights[u]=m[c],r++,u++}return this.starts[t]=r,this.E=r,this.U=0,this.level++,n};Se.prototype.modularity=function(){var a,n,e,t,r,i=0,o=this.M,s=new Float64Array(this.C);for(e=0;e<this.C;e++)for(a=this.belongings[e],s[a]+=this.loops[e],t=this.starts[e],r=this.offsets[e];t<r;t++)n=this.belongings[this.neighborhood[t]],a===n&&(s[a]+=this.weights[t]);for(e=0;e<this.C;e++)i+=s[e]/o-this.totalInWeights[e]*this.totalOutWeights[e]/Math.pow(o,2)*this.resolution;return i};Se.prototype.delta=function(a,n,e,t,r){var i=this.M,o=this.totalInWeights[r],s=this.totalOutWeights[r],l=this.loops[a];return n+=l,e+=l,t/i-(e*o+n*s)*this.resolution/(i*i)};Se.prototype.deltaWithOwnCommunity=function(a,n,e,t,r){var i=this.M,o=this.totalInWeights[r],s=this.totalOutWeights[r],l=this.loops[a];return n+=l,e+=l,t/i-(e*(o-n)+n*(s-e))*this.resolution/(i*i)};Se.prototype.collect=xe.prototype.collect;Se.prototype.assign=xe.prototype.assign;Se.prototype[hl]=function(){var a={};Object.defineProperty(a,"constructor",{value:Se,enumerable:!1}),a.C=this.C,a.M=this.M,a.E=this.E,a.U=this.U,a.resolution=this.resolution,a.level=this.level,a.nodes=this.nodes,a.starts=this.starts.slice(0,a.C+1);var n=["neighborhood","weights"],e=["counts","offsets","loops","belongings","totalInWeights","totalOutWeights"],t=this;return n.forEach(function(r){a[r]=t[r].slice(0,a.E)}),e.forEach(function(r){a[r]=t[r].slice(0,a.C)}),a.unused=this.unused.slice(0,this.U),this.keepDendrogram?a.dendrogram=this.dendrogram:a.mapping=this.mapping,a};di.UndirectedLouvainIndex=xe;di.DirectedLouvainIndex=Se});var xl=De((ap,_l)=>{var ig=si(),og=Wt(),sg=el(),vl=al(),pl=il(),ml=ul().createRandomIndex,yl=gl(),lg=yl.UndirectedLouvainIndex,ug=yl.DirectedLouvainIndex,bl={nodeCommunityAttribute:"community",getEdgeWeight:"weight",fastLocalMoves:!0,randomWalk:!0,resolution:1,rng:Math.random};function Xa(a,n,e){var t=a.get(n);typeof t>"u"&&(t=0),t+=e,a.set(n,t)}var dg=1e-10;function Ya(a,n,e,t,r){return Math.abs(t-r)<dg?a===n?!1:e>a:t>r}function cg(a,n,e){var t=new lg(n,{getEdgeWeight:e.getEdgeWeight,keepDendrogram:a,resolution:e.resolution}),r=ml(e.rng),i=!0,o=!0,s,l,u=new vl(Float64Array,t.C),d,c,h,f,g,p,m,v,y,b,x,_,E,w,A,S,L=0,G=0,C=[],N,k;for(e.fastLocalMoves&&(d=new pl(t.C));i;){if(b=t.C,i=!1,o=!0,e.fastLocalMoves){for(k=0,p=e.randomWalk?r(b):0,m=0;m<b;m++,p++)v=p%b,d.enqueue(v);for(;d.size!==0;){for(v=d.dequeue(),G++,x=0,u.clear(),s=t.belongings[v],c=t.starts[v],h=t.starts[v+1];c<h;c++)y=t.neighborhood[c],f=t.weights[c],l=t.belongings[y],x+=f,Xa(u,l,f);for(w=t.fastDeltaWithOwnCommunity(v,x,u.get(s)||0,s),E=s,g=0;g<u.size;g++)l=u.dense[g],l!==s&&(_=u.vals[g],L++,S=t.fastDelta(v,x,_,l),A=Ya(E,s,l,S,w),A&&(w=S,E=l));if(w<0){if(E=t.isolate(v,x),E===s)continue}else{if(E===s)continue;t.move(v,x,E)}for(i=!0,k++,c=t.starts[v],h=t.starts[v+1];c<h;c++)y=t.neighborhood[c],l=t.belongings[y],l!==E&&d.enqueue(y)}C.push(k)}else for(N=[],C.push(N);o;){for(o=!1,k=0,p=e.randomWalk?r(b):0,m=0;m<b;m++,p++){for(v=p%b,G++,x=0,u.clear(),s=t.belongings[v],c=t.starts[v],h=t.starts[v+1];c<h;c++)y=t.neighborhood[c],f=t.weights[c],l=t.belongings[y],x+=f,Xa(u,l,f);for(w=t.fastDeltaWithOwnCommunity(v,x,u.get(s)||0,s),E=s,g=0;g<u.size;g++)l=u.dense[g],l!==s&&(_=u.vals[g],L++,S=t.fastDelta(v,x,_,l),A=Ya(E,s,l,S,w),A&&(w=S,E=l));if(w<0){if(E=t.isolate(v,x),E===s)continue}else{if(E===s)continue;t.move(v,x,E)}o=!0,k++}N.push(k),i=o||i}i&&t.zoomOut()}var I={index:t,deltaComputations:L,nodesVisited:G,moves:C};return I}function hg(a,n,e){var t=new ug(n,{getEdgeWeight:e.getEdgeWeight,keepDendrogram:a,resolution:e.resolution}),r=ml(e.rng),i=!0,o=!0,s,l,u=new vl(Float64Array,t.C),d,c,h,f,g,p,m,v,y,b,x,_,E,w,A,S,L,G,C,N=0,k=0,I=[],W,P;for(e.fastLocalMoves&&(d=new pl(t.C));i;){if(_=t.C,i=!1,o=!0,e.fastLocalMoves){for(P=0,v=e.randomWalk?r(_):0,y=0;y<_;y++,v++)b=v%_,d.enqueue(b);for(;d.size!==0;){for(b=d.dequeue(),k++,E=0,w=0,u.clear(),s=t.belongings[b],c=t.starts[b],h=t.starts[b+1],f=t.offsets[b];c<h;c++)g=c<f,x=t.neighborhood[c],p=t.weights[c],l=t.belongings[x],g?w+=p:E+=p,Xa(u,l,p);for(L=t.deltaWithOwnCommunity(b,E,w,u.get(s)||0,s),S=s,m=0;m<u.size;m++)l=u.dense[m],l!==s&&(A=u.vals[m],N++,C=t.delta(b,E,w,A,l),G=Ya(S,s,l,C,L),G&&(L=C,S=l));if(L<0){if(S=t.isolate(b,E,w),S===s)continue}else{if(S===s)continue;t.move(b,E,w,S)}for(i=!0,P++,c=t.starts[b],h=t.starts[b+1];c<h;c++)x=t.neighborhood[c],l=t.belongings[x],l!==S&&d.enqueue(x)}I.push(P)}else for(W=[],I.push(W);o;){for(o=!1,P=0,v=e.randomWalk?r(_):0,y=0;y<_;y++,v++){for(b=v%_,k++,E=0,w=0,u.clear(),s=t.belongings[b],c=t.starts[b],h=t.starts[b+1],f=t.offsets[b];c<h;c++)g=c<f,x=t.neighborhood[c],p=t.weights[c],l=t.belongings[x],g?w+=p:E+=p,Xa(u,l,p);for(L=t.deltaWithOwnCommunity(b,E,w,u.get(s)||0,s),S=s,m=0;m<u.size;m++)l=u.dense[m],l!==s&&(A=u.vals[m],N++,C=t.delta(b,E,w,A,l),G=Ya(S,s,l,C,L),G&&(L=C,S=l));if(L<0){if(S=t.isolate(b,E,w),S===s)continue}else{if(S===s)continue;t.move(b,E,w,S)}o=!0,P++}W.push(P),i=o||i}i&&t.zoomOut()}var T={index:t,deltaComputations:N,nodesVisited:k,moves:I};return T}function ci(a,n,e,t){if(!og(e))throw new Error("graphology-communities-louvain: the given graph is not a valid graphology instance.");var r=sg(e);if(r==="mixed")throw new Error("graphology-communities-louvain: cannot run the algorithm on a true mixed graph.");t=ig(t,bl);var i=0;if(e.size===0){if(a){e.forEachNode(function(c){e.setNodeAttribute(c,t.nodeCommunityAttribute,i++)});return}var o={};return e.forEachNode(function(c){o[c]=i++}),n?{communities:o,count:e.order,deltaComputations:0,dendrogram:null,level:0,modularity:NaN,moves:null,nodesVisited:0,resolution:t.resolution}:o}var s=r==="undirected"?cg:hg,l=s(n,e,t),u=l.index;if(!n){if(a){u.assign(t.nodeCommunityAttribute);return}return u.collect()}var d={count:u.C,deltaComputations:l.deltaComputations,dendrogram:u.dendrogram,level:u.level,modularity:u.modularity(),moves:l.moves,nodesVisited:l.nodesVisited,resolution:t.resolution};return a?(u.assign(t.nodeCommunityAttribute),d):(d.communities=u.collect(),d)}var Ka=ci.bind(null,!1,!1);Ka.assign=ci.bind(null,!0,!1);Ka.detailed=ci.bind(null,!1,!0);Ka.defaults=bl;_l.exports=Ka});var Ni=Qe(Ft(),1);function nu(){let a=arguments[0];for(let n=1,e=arguments.length;n<e;n++)if(arguments[n])for(let t in arguments[n])a[t]=arguments[n][t];return a}var we=nu;typeof Object.assign=="function"&&(we=Object.assign);function $e(a,n,e,t){let r=a._nodes.get(n),i=null;return r&&(t==="mixed"?i=r.out&&r.out[e]||r.undirected&&r.undirected[e]:t==="directed"?i=r.out&&r.out[e]:i=r.undirected&&r.undirected[e]),i}function ke(a){return typeof a=="object"&&a!==null}function Wi(a){let n;for(n in a)return!1;return!0}function He(a,n,e){Object.defineProperty(a,n,{enumerable:!1,configurable:!1,writable:!0,value:e})}function Je(a,n,e){let t={enumerable:!0,configurable:!0};typeof e=="function"?t.get=e:(t.value=e,t.writable=!1),Object.defineProperty(a,n,t)}function Fi(a){return!(!ke(a)||a.attributes&&!Array.isArray(a.attributes))}function au(){let a=Math.floor(Math.random()*256)&255;return()=>a++}function ct(){let a=arguments,n=null,e=-1;return{[Symbol.iterator](){return this},next(){let t=null;do{if(n===null){if(e++,e>=a.length)return{done:!0};n=a[e][Symbol.iterator]()}if(t=n.next(),t.done){n=null;continue}break}while(!0);return t}}}function en(){return{[Symbol.iterator](){return this},next(){return{done:!0}}}}var wn=class extends Error{constructor(n){super(),this.name="GraphError",this.message=n}},X=class a extends wn{constructor(n){super(n),this.name="InvalidArgumentsGraphError",typeof Error.captureStackTrace=="function"&&Error.captureStackTrace(this,a.prototype.constructor)}},V=class a extends wn{constructor(n){super(n),this.name="NotFoundGraphError",typeof Error.captureStackTrace=="function"&&Error.captureStackTrace(this,a.prototype.constructor)}},J=class a extends wn{constructor(n){super(n),this.name="UsageGraphError",typeof Error.captureStackTrace=="function"&&Error.captureStackTrace(this,a.prototype.constructor)}};function Oi(a,n){this.key=a,this.attributes=n,this.clear()}Oi.prototype.clear=function(){this.inDegree=0,this.outDegree=0,this.undirectedDegree=0,this.undirectedLoops=0,this.directedLoops=0,this.in={},this.out={},this.undirected={}};function Mi(a,n){this.key=a,this.attributes=n,this.clear()}Mi.prototype.clear=function(){this.inDegree=0,this.outDegree=0,this.directedLoops=0,this.in={},this.out={}};function Bi(a,n){this.key=a,this.attributes=n,this.clear()}Bi.prototype.clear=function(){this.undirectedDegree=0,this.undirectedLoops=0,this.undirected={}};function tn(a,n,e,t,r){this.key=n,this.attributes=r,this.undirected=a,this.source=e,this.target=t}tn.prototype.attach=function(){let a="out",n="in";this.undirected&&(a=n="undirected");let e=this.source.key,t=this.target.key;this.source[a][t]=this,!(this.undirected&&e===t)&&(this.target[n][e]=this)};tn.prototype.attachMulti=function(){let a="out",n="in",e=this.source.key,t=this.target.key;this.undirected&&(a=n="undirected");let r=this.source[a],i=r[t];if(typeof i>"u"){r[t]=this,this.undirected&&e===t||(this.target[n][e]=this);return}i.previous=this,this.next=i,r[t]=this,this.target[n][e]=this};tn.prototype.detach=function(){let a=this.source.key,n=this.target.key,e="out",t="in";this.undirected&&(e=t="undirected"),delete this.source[e][n],delete this.target[t][a]};tn.prototype.detachMulti=function(){let a=this.source.key,n=this.target.key,e="out",t="in";this.undirected&&(e=t="undirected"),this.previous===void 0?this.next===void 0?(delete this.source[e][n],delete this.target[t][a]):(this.next.previous=void 0,this.source[e][n]=this.next,this.target[t][a]=this.next):(this.previous.next=this.next,this.next!==void 0&&(this.next.previous=this.previous))};var Ui=0,Hi=1,ru=2,$i=3;function ht(a,n,e,t,r,i,o){let s,l,u,d;if(t=""+t,e===Ui){if(s=a._nodes.get(t),!s)throw new V(`Graph.${n}: could not find the "${t}" node in the graph.`);u=r,d=i}else if(e===$i){if(r=""+r,l=a._edges.get(r),!l)throw new V(`Graph.${n}: could not find the "${r}" edge in the graph.`);let c=l.source.key,h=l.target.key;if(t===c)s=l.target;else if(t===h)s=l.source;else throw new V(`Graph.${n}: the "${t}" node is not attached to the "${r}" edge (${c}, ${h}).`);u=i,d=o}else{if(l=a._edges.get(t),!l)throw new V(`Graph.${n}: could not find the "${t}" edge in the graph.`);e===Hi?s=l.source:s=l.target,u=r,d=i}return[s,u,d]}function iu(a,n,e){a.prototype[n]=function(t,r,i){let[o,s]=ht(this,n,e,t,r,i);return o.attributes[s]}}function ou(a,n,e){a.prototype[n]=function(t,r){let[i]=ht(this,n,e,t,r);return i.attributes}}function su(a,n,e){a.prototype[n]=function(t,r,i){let[o,s]=ht(this,n,e,t,r,i);return o.attributes.hasOwnProperty(s)}}function lu(a,n,e){a.prototype[n]=function(t,r,i,o){let[s,l,u]=ht(this,n,e,t,r,i,o);return s.attributes[l]=u,this.emit("nodeAttributesUpdated",{key:s.key,type:"set",attributes:s.attributes,name:l}),this}}function uu(a,n,e){a.prototype[n]=function(t,r,i,o){let[s,l,u]=ht(this,n,e,t,r,i,o);if(typeof u!="function")throw new X(`Graph.${n}: updater should be a function.`);let d=s.attributes,c=u(d[l]);return d[l]=c,this.emit("nodeAttributesUpdated",{key:s.key,type:"set",attributes:s.attributes,name:l}),this}}function du(a,n,e){a.prototype[n]=function(t,r,i){let[o,s]=ht(this,n,e,t,r,i);return delete o.attributes[s],this.emit("nodeAttributesUpdated",{key:o.key,type:"remove",attributes:o.attributes,name:s}),this}}function cu(a,n,e){a.prototype[n]=function(t,r,i){let[o,s]=ht(this,n,e,t,r,i);if(!ke(s))throw new X(`Graph.${n}: provided attributes are not a plain object.`);return o.attributes=s,this.emit("nodeAttributesUpdated",{key:o.key,type:"replace",attributes:o.attributes}),this}}function hu(a,n,e){a.prototype[n]=function(t,r,i){let[o,s]=ht(this,n,e,t,r,i);if(!ke(s))throw new X(`Graph.${n}: provided attributes are not a plain object.`);return we(o.attributes,s),this.emit("nodeAttributesUpdated",{key:o.key,type:"merge",attributes:o.attributes,data:s}),this}}function fu(a,n,e){a.prototype[n]=function(t,r,i){let[o,s]=ht(this,n,e,t,r,i);if(typeof s!="function")throw new X(`Graph.${n}: provided updater is not a function.`);return o.attributes=s(o.attributes),this.emit("nodeAttributesUpdated",{key:o.key,type:"update",attributes:o.attributes}),this}}var gu=[{name:a=>`get${a}Attribute`,attacher:iu},{name:a=>`get${a}Attributes`,attacher:ou},{name:a=>`has${a}Attribute`,attacher:su},{name:a=>`set${a}Attribute`,attacher:lu},{name:a=>`update${a}Attribute`,attacher:uu},{name:a=>`remove${a}Attribute`,attacher:du},{name:a=>`replace${a}Attributes`,attacher:cu},{name:a=>`merge${a}Attributes`,attacher:hu},{name:a=>`update${a}Attributes`,attacher:fu}];function vu(a){gu.forEach(function({name:n,attacher:e}){e(a,n("Node"),Ui),e(a,n("Source"),Hi),e(a,n("Target"),ru),e(a,n("Opposite"),$i)})}function pu(a,n,e){a.prototype[n]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${n}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${n}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${n}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${n}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${n}: could not find the "${t}" edge in the graph.`)}return i.attributes[r]}}function mu(a,n,e){a.prototype[n]=function(t){let r;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${n}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>1){if(this.multi)throw new J(`Graph.${n}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let i=""+t,o=""+arguments[1];if(r=$e(this,i,o,e),!r)throw new V(`Graph.${n}: could not find an edge for the given path ("${i}" - "${o}").`)}else{if(e!=="mixed")throw new J(`Graph.${n}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,r=this._edges.get(t),!r)throw new V(`Graph.${n}: could not find the "${t}" edge in the graph.`)}return r.attributes}}function yu(a,n,e){a.prototype[n]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${n}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${n}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${n}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${n}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${n}: could not find the "${t}" edge in the graph.`)}return i.attributes.hasOwnProperty(r)}}function bu(a,n,e){a.prototype[n]=function(t,r,i){let o;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${n}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>3){if(this.multi)throw new J(`Graph.${n}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let s=""+t,l=""+r;if(r=arguments[2],i=arguments[3],o=$e(this,s,l,e),!o)throw new V(`Graph.${n}: could not find an edge for the given path ("${s}" - "${l}").`)}else{if(e!=="mixed")throw new J(`Graph.${n}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,o=this._edges.get(t),!o)throw new V(`Graph.${n}: could not find the "${t}" edge in the graph.`)}return o.attributes[r]=i,this.emit("edgeAttributesUpdated",{key:o.key,type:"set",attributes:o.attributes,name:r}),this}}function _u(a,n,e){a.prototype[n]=function(t,r,i){let o;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${n}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>3){if(this.multi)throw new J(`Graph.${n}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let s=""+t,l=""+r;if(r=arguments[2],i=arguments[3],o=$e(this,s,l,e),!o)throw new V(`Graph.${n}: could not find an edge for the given path ("${s}" - "${l}").`)}else{if(e!=="mixed")throw new J(`Graph.${n}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,o=this._edges.get(t),!o)throw new V(`Graph.${n}: could not find the "${t}" edge in the graph.`)}if(typeof i!="function")throw new X(`Graph.${n}: updater should be a function.`);return o.attributes[r]=i(o.attributes[r]),this.emit("edgeAttributesUpdated",{key:o.key,type:"set",attributes:o.attributes,name:r}),this}}function xu(a,n,e){a.prototype[n]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${n}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${n}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${n}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${n}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${n}: could not find the "${t}" edge in the graph.`)}return delete i.attributes[r],this.emit("edgeAttributesUpdated",{key:i.key,type:"remove",attributes:i.attributes,name:r}),this}}function Tu(a,n,e){a.prototype[n]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${n}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${n}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${n}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${n}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${n}: could not find the "${t}" edge in the graph.`)}if(!ke(r))throw new X(`Graph.${n}: provided attributes are not a plain object.`);return i.attributes=r,this.emit("edgeAttributesUpdated",{key:i.key,type:"replace",attributes:i.attributes}),this}}function Eu(a,n,e){a.prototype[n]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${n}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${n}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${n}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${n}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${n}: could not find the "${t}" edge in the graph.`)}if(!ke(r))throw new X(`Graph.${n}: provided attributes are not a plain object.`);return we(i.attributes,r),this.emit("edgeAttributesUpdated",{key:i.key,type:"merge",attributes:i.attributes,data:r}),this}}function Su(a,n,e){a.prototype[n]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${n}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${n}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${n}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${n}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${n}: could not find the "${t}" edge in the graph.`)}if(typeof r!="function")throw new X(`Graph.${n}: provided updater is not a function.`);return i.attributes=r(i.attributes),this.emit("edgeAttributesUpdated",{key:i.key,type:"update",attributes:i.attributes}),this}}var wu=[{name:a=>`get${a}Attribute`,attacher:pu},{name:a=>`get${a}Attributes`,attacher:mu},{name:a=>`has${a}Attribute`,attacher:yu},{name:a=>`set${a}Attribute`,attacher:bu},{name:a=>`update${a}Attribute`,attacher:_u},{name:a=>`remove${a}Attribute`,attacher:xu},{name:a=>`replace${a}Attributes`,attacher:Tu},{name:a=>`merge${a}Attributes`,attacher:Eu},{name:a=>`update${a}Attributes`,attacher:Su}];function Au(a){wu.forEach(function({name:n,attacher:e}){e(a,n("Edge"),"mixed"),e(a,n("DirectedEdge"),"directed"),e(a,n("UndirectedEdge"),"undirected")})}var Ru=[{name:"edges",type:"mixed"},{name:"inEdges",type:"directed",direction:"in"},{name:"outEdges",type:"directed",direction:"out"},{name:"inboundEdges",type:"mixed",direction:"in"},{name:"outboundEdges",type:"mixed",direction:"out"},{name:"directedEdges",type:"directed"},{name:"undirectedEdges",type:"undirected"}];function Du(a,n,e,t){let r=!1;for(let i in n){if(i===t)continue;let o=n[i];if(r=e(o.key,o.attributes,o.source.key,o.target.key,o.source.attributes,o.target.attributes,o.undirected),a&&r)return o.key}}function Lu(a,n,e,t){let r,i,o,s=!1;for(let l in n)if(l!==t){r=n[l];do{if(i=r.source,o=r.target,s=e(r.key,r.attributes,i.key,o.key,i.attributes,o.attributes,r.undirected),a&&s)return r.key;r=r.next}while(r!==void 0)}}function lr(a,n){let e=Object.keys(a),t=e.length,r,i=0;return{[Symbol.iterator](){return this},next(){do if(r)r=r.next;else{if(i>=t)return{done:!0};let o=e[i++];if(o===n){r=void 0;continue}r=a[o]}while(!r);return{done:!1,value:{edge:r.key,attributes:r.attributes,source:r.source.key,target:r.target.key,sourceAttributes:r.source.attributes,targetAttributes:r.target.attributes,undirected:r.undirected}}}}}function Cu(a,n,e,t){let r=n[e];if(!r)return;let i=r.source,o=r.target;if(t(r.key,r.attributes,i.key,o.key,i.attributes,o.attributes,r.undirected)&&a)return r.key}function ku(a,n,e,t){let r=n[e];if(!r)return;let i=!1;do{if(i=t(r.key,r.attributes,r.source.key,r.target.key,r.source.attributes,r.target.attributes,r.undirected),a&&i)return r.key;r=r.next}while(r!==void 0)}function ur(a,n){let e=a[n];if(e.next!==void 0)return{[Symbol.iterator](){return this},next(){if(!e)return{done:!0};let r={edge:e.key,attributes:e.attributes,source:e.source.key,target:e.target.key,sourceAttributes:e.source.attributes,targetAttributes:e.target.attributes,undirected:e.undirected};return e=e.next,{done:!1,value:r}}};let t=!1;return{[Symbol.iterator](){return this},next(){return t===!0?{done:!0}:(t=!0,{done:!1,value:{edge:e.key,attributes:e.attributes,source:e.source.key,target:e.target.key,sourceAttributes:e.source.attributes,targetAttributes:e.target.attributes,undirected:e.undirected}})}}}function Pu(a,n){if(a.size===0)return[];if(n==="mixed"||n===a.type)return Array.from(a._edges.keys());let e=n==="undirected"?a.undirectedSize:a.directedSize,t=new Array(e),r=n==="undirected",i=a._edges.values(),o=0,s,l;for(;s=i.next(),s.done!==!0;)l=s.value,l.undirected===r&&(t[o++]=l.key);return t}function Vi(a,n,e,t){if(n.size===0)return;let r=e!=="mixed"&&e!==n.type,i=e==="undirected",o,s,l=!1,u=n._edges.values();for(;o=u.next(),o.done!==!0;){if(s=o.value,r&&s.undirected!==i)continue;let{key:d,attributes:c,source:h,target:f}=s;if(l=t(d,c,h.key,f.key,h.attributes,f.attributes,s.undirected),a&&l)return d}}function Iu(a,n){if(a.size===0)return en();let e=n!=="mixed"&&n!==a.type,t=n==="undirected",r=a._edges.values();return{[Symbol.iterator](){return this},next(){let i,o;for(;;){if(i=r.next(),i.done)return i;if(o=i.value,!(e&&o.undirected!==t))break}return{value:{edge:o.key,attributes:o.attributes,source:o.source.key,target:o.target.key,sourceAttributes:o.source.attributes,targetAttributes:o.target.attributes,undirected:o.undirected},done:!1}}}}function dr(a,n,e,t,r,i){let o=n?Lu:Du,s;if(e!=="undirected"&&(t!=="out"&&(s=o(a,r.in,i),a&&s)||t!=="in"&&(s=o(a,r.out,i,t?void 0:r.key),a&&s))||e!=="directed"&&(s=o(a,r.undirected,i),a&&s))return s}function Fu(a,n,e,t){let r=[];return dr(!1,a,n,e,t,function(i){r.push(i)}),r}function Gu(a,n,e){let t=en();return a!=="undirected"&&(n!=="out"&&typeof e.in<"u"&&(t=ct(t,lr(e.in))),n!=="in"&&typeof e.out<"u"&&(t=ct(t,lr(e.out,n?void 0:e.key)))),a!=="directed"&&typeof e.undirected<"u"&&(t=ct(t,lr(e.undirected))),t}function cr(a,n,e,t,r,i,o){let s=e?ku:Cu,l;if(n!=="undirected"&&(typeof r.in<"u"&&t!=="out"&&(l=s(a,r.in,i,o),a&&l)||typeof r.out<"u"&&t!=="in"&&(t||r.key!==i)&&(l=s(a,r.out,i,o),a&&l))||n!=="directed"&&typeof r.undirected<"u"&&(l=s(a,r.undirected,i,o),a&&l))return l}function zu(a,n,e,t,r){let i=[];return cr(!1,a,n,e,t,r,function(o){i.push(o)}),i}function Nu(a,n,e,t){let r=en();return a!=="undirected"&&(typeof e.in<"u"&&n!=="out"&&t in e.in&&(r=ct(r,ur(e.in,t))),typeof e.out<"u"&&n!=="in"&&t in e.out&&(n||e.key!==t)&&(r=ct(r,ur(e.out,t)))),a!=="directed"&&typeof e.undirected<"u"&&t in e.undirected&&(r=ct(r,ur(e.undirected,t))),r}function Wu(a,n){let{name:e,type:t,direction:r}=n;a.prototype[e]=function(i,o){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return[];if(!arguments.length)return Pu(this,t);if(arguments.length===1){i=""+i;let s=this._nodes.get(i);if(typeof s>"u")throw new V(`Graph.${e}: could not find the "${i}" node in the graph.`);return Fu(this.multi,t==="mixed"?this.type:t,r,s)}if(arguments.length===2){i=""+i,o=""+o;let s=this._nodes.get(i);if(!s)throw new V(`Graph.${e}:  could not find the "${i}" source node in the graph.`);if(!this._nodes.has(o))throw new V(`Graph.${e}:  could not find the "${o}" target node in the graph.`);return zu(t,this.multi,r,s,o)}throw new X(`Graph.${e}: too many arguments (expecting 0, 1 or 2 and got ${arguments.length}).`)}}function Ou(a,n){let{name:e,type:t,direction:r}=n,i="forEach"+e[0].toUpperCase()+e.slice(1,-1);a.prototype[i]=function(u,d,c){if(!(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)){if(arguments.length===1)return c=u,Vi(!1,this,t,c);if(arguments.length===2){u=""+u,c=d;let h=this._nodes.get(u);if(typeof h>"u")throw new V(`Graph.${i}: could not find the "${u}" node in the graph.`);return dr(!1,this.multi,t==="mixed"?this.type:t,r,h,c)}if(arguments.length===3){u=""+u,d=""+d;let h=this._nodes.get(u);if(!h)throw new V(`Graph.${i}:  could not find the "${u}" source node in the graph.`);if(!this._nodes.has(d))throw new V(`Graph.${i}:  could not find the "${d}" target node in the graph.`);return cr(!1,t,this.multi,r,h,d,c)}throw new X(`Graph.${i}: too many arguments (expecting 1, 2 or 3 and got ${arguments.length}).`)}};let o="map"+e[0].toUpperCase()+e.slice(1);a.prototype[o]=function(){let u=Array.prototype.slice.call(arguments),d=u.pop(),c;if(u.length===0){let h=0;t!=="directed"&&(h+=this.undirectedSize),t!=="undirected"&&(h+=this.directedSize),c=new Array(h);let f=0;u.push((g,p,m,v,y,b,x)=>{c[f++]=d(g,p,m,v,y,b,x)})}else c=[],u.push((h,f,g,p,m,v,y)=>{c.push(d(h,f,g,p,m,v,y))});return this[i].apply(this,u),c};let s="filter"+e[0].toUpperCase()+e.slice(1);a.prototype[s]=function(){let u=Array.prototype.slice.call(arguments),d=u.pop(),c=[];return u.push((h,f,g,p,m,v,y)=>{d(h,f,g,p,m,v,y)&&c.push(h)}),this[i].apply(this,u),c};let l="reduce"+e[0].toUpperCase()+e.slice(1);a.prototype[l]=function(){let u=Array.prototype.slice.call(arguments);if(u.length<2||u.length>4)throw new X(`Graph.${l}: invalid number of arguments (expecting 2, 3 or 4 and got ${u.length}).`);if(typeof u[u.length-1]=="function"&&typeof u[u.length-2]!="function")throw new X(`Graph.${l}: missing initial value. You must provide it because the callback takes more than one argument and we cannot infer the initial value from the first iteration, as you could with a simple array.`);let d,c;u.length===2?(d=u[0],c=u[1],u=[]):u.length===3?(d=u[1],c=u[2],u=[u[0]]):u.length===4&&(d=u[2],c=u[3],u=[u[0],u[1]]);let h=c;return u.push((f,g,p,m,v,y,b)=>{h=d(h,f,g,p,m,v,y,b)}),this[i].apply(this,u),h}}function Mu(a,n){let{name:e,type:t,direction:r}=n,i="find"+e[0].toUpperCase()+e.slice(1,-1);a.prototype[i]=function(l,u,d){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return!1;if(arguments.length===1)return d=l,Vi(!0,this,t,d);if(arguments.length===2){l=""+l,d=u;let c=this._nodes.get(l);if(typeof c>"u")throw new V(`Graph.${i}: could not find the "${l}" node in the graph.`);return dr(!0,this.multi,t==="mixed"?this.type:t,r,c,d)}if(arguments.length===3){l=""+l,u=""+u;let c=this._nodes.get(l);if(!c)throw new V(`Graph.${i}:  could not find the "${l}" source node in the graph.`);if(!this._nodes.has(u))throw new V(`Graph.${i}:  could not find the "${u}" target node in the graph.`);return cr(!0,t,this.multi,r,c,u,d)}throw new X(`Graph.${i}: too many arguments (expecting 1, 2 or 3 and got ${arguments.length}).`)};let o="some"+e[0].toUpperCase()+e.slice(1,-1);a.prototype[o]=function(){let l=Array.prototype.slice.call(arguments),u=l.pop();return l.push((c,h,f,g,p,m,v)=>u(c,h,f,g,p,m,v)),!!this[i].apply(this,l)};let s="every"+e[0].toUpperCase()+e.slice(1,-1);a.prototype[s]=function(){let l=Array.prototype.slice.call(arguments),u=l.pop();return l.push((c,h,f,g,p,m,v)=>!u(c,h,f,g,p,m,v)),!this[i].apply(this,l)}}function Bu(a,n){let{name:e,type:t,direction:r}=n,i=e.slice(0,-1)+"Entries";a.prototype[i]=function(o,s){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return en();if(!arguments.length)return Iu(this,t);if(arguments.length===1){o=""+o;let l=this._nodes.get(o);if(!l)throw new V(`Graph.${i}: could not find the "${o}" node in the graph.`);return Gu(t,r,l)}if(arguments.length===2){o=""+o,s=""+s;let l=this._nodes.get(o);if(!l)throw new V(`Graph.${i}:  could not find the "${o}" source node in the graph.`);if(!this._nodes.has(s))throw new V(`Graph.${i}:  could not find the "${s}" target node in the graph.`);return Nu(t,r,l,s)}throw new X(`Graph.${i}: too many arguments (expecting 0, 1 or 2 and got ${arguments.length}).`)}}function Uu(a){Ru.forEach(n=>{Wu(a,n),Ou(a,n),Mu(a,n),Bu(a,n)})}var Hu=[{name:"neighbors",type:"mixed"},{name:"inNeighbors",type:"directed",direction:"in"},{name:"outNeighbors",type:"directed",direction:"out"},{name:"inboundNeighbors",type:"mixed",direction:"in"},{name:"outboundNeighbors",type:"mixed",direction:"out"},{name:"directedNeighbors",type:"directed"},{name:"undirectedNeighbors",type:"undirected"}];function fa(){this.A=null,this.B=null}fa.prototype.wrap=function(a){this.A===null?this.A=a:this.B===null&&(this.B=a)};fa.prototype.has=function(a){return this.A!==null&&a in this.A||this.B!==null&&a in this.B};function En(a,n,e,t,r){for(let i in t){let o=t[i],s=o.source,l=o.target,u=s===e?l:s;if(n&&n.has(u.key))continue;let d=r(u.key,u.attributes);if(a&&d)return u.key}}function hr(a,n,e,t,r){if(n!=="mixed"){if(n==="undirected")return En(a,null,t,t.undirected,r);if(typeof e=="string")return En(a,null,t,t[e],r)}let i=new fa,o;if(n!=="undirected"){if(e!=="out"){if(o=En(a,null,t,t.in,r),a&&o)return o;i.wrap(t.in)}if(e!=="in"){if(o=En(a,i,t,t.out,r),a&&o)return o;i.wrap(t.out)}}if(n!=="directed"&&(o=En(a,i,t,t.undirected,r),a&&o))return o}function $u(a,n,e){if(a!=="mixed"){if(a==="undirected")return Object.keys(e.undirected);if(typeof n=="string")return Object.keys(e[n])}let t=[];return hr(!1,a,n,e,function(r){t.push(r)}),t}function Sn(a,n,e){let t=Object.keys(e),r=t.length,i=0;return{[Symbol.iterator](){return this},next(){let o=null;do{if(i>=r)return a&&a.wrap(e),{done:!0};let s=e[t[i++]],l=s.source,u=s.target;if(o=l===n?u:l,a&&a.has(o.key)){o=null;continue}}while(o===null);return{done:!1,value:{neighbor:o.key,attributes:o.attributes}}}}}function Vu(a,n,e){if(a!=="mixed"){if(a==="undirected")return Sn(null,e,e.undirected);if(typeof n=="string")return Sn(null,e,e[n])}let t=en(),r=new fa;return a!=="undirected"&&(n!=="out"&&(t=ct(t,Sn(r,e,e.in))),n!=="in"&&(t=ct(t,Sn(r,e,e.out)))),a!=="directed"&&(t=ct(t,Sn(r,e,e.undirected))),t}function ju(a,n){let{name:e,type:t,direction:r}=n;a.prototype[e]=function(i){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return[];i=""+i;let o=this._nodes.get(i);if(typeof o>"u")throw new V(`Graph.${e}: could not find the "${i}" node in the graph.`);return $u(t==="mixed"?this.type:t,r,o)}}function qu(a,n){let{name:e,type:t,direction:r}=n,i="forEach"+e[0].toUpperCase()+e.slice(1,-1);a.prototype[i]=function(u,d){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return;u=""+u;let c=this._nodes.get(u);if(typeof c>"u")throw new V(`Graph.${i}: could not find the "${u}" node in the graph.`);hr(!1,t==="mixed"?this.type:t,r,c,d)};let o="map"+e[0].toUpperCase()+e.slice(1);a.prototype[o]=function(u,d){let c=[];return this[i](u,(h,f)=>{c.push(d(h,f))}),c};let s="filter"+e[0].toUpperCase()+e.slice(1);a.prototype[s]=function(u,d){let c=[];return this[i](u,(h,f)=>{d(h,f)&&c.push(h)}),c};let l="reduce"+e[0].toUpperCase()+e.slice(1);a.prototype[l]=function(u,d,c){if(arguments.length<3)throw new X(`Graph.${l}: missing initial value. You must provide it because the callback takes more than one argument and we cannot infer the initial value from the first iteration, as you could with a simple array.`);let h=c;return this[i](u,(f,g)=>{h=d(h,f,g)}),h}}function Xu(a,n){let{name:e,type:t,direction:r}=n,i=e[0].toUpperCase()+e.slice(1,-1),o="find"+i;a.prototype[o]=function(u,d){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return;u=""+u;let c=this._nodes.get(u);if(typeof c>"u")throw new V(`Graph.${o}: could not find the "${u}" node in the graph.`);return hr(!0,t==="mixed"?this.type:t,r,c,d)};let s="some"+i;a.prototype[s]=function(u,d){return!!this[o](u,d)};let l="every"+i;a.prototype[l]=function(u,d){return!this[o](u,(h,f)=>!d(h,f))}}function Yu(a,n){let{name:e,type:t,direction:r}=n,i=e.slice(0,-1)+"Entries";a.prototype[i]=function(o){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return en();o=""+o;let s=this._nodes.get(o);if(typeof s>"u")throw new V(`Graph.${i}: could not find the "${o}" node in the graph.`);return Vu(t==="mixed"?this.type:t,r,s)}}function Ku(a){Hu.forEach(n=>{ju(a,n),qu(a,n),Xu(a,n),Yu(a,n)})}function sa(a,n,e,t,r){let i=t._nodes.values(),o=t.type,s,l,u,d,c,h,f;for(;s=i.next(),s.done!==!0;){let g=!1;if(l=s.value,o!=="undirected"){d=l.out;for(u in d){c=d[u];do{if(h=c.target,g=!0,f=r(l.key,h.key,l.attributes,h.attributes,c.key,c.attributes,c.undirected),a&&f)return c;c=c.next}while(c)}}if(o!=="directed"){d=l.undirected;for(u in d)if(!(n&&l.key>u)){c=d[u];do{if(h=c.target,h.key!==u&&(h=c.source),g=!0,f=r(l.key,h.key,l.attributes,h.attributes,c.key,c.attributes,c.undirected),a&&f)return c;c=c.next}while(c)}}if(e&&!g&&(f=r(l.key,null,l.attributes,null,null,null,null),a&&f))return null}}function Zu(a,n){let e={key:a};return Wi(n.attributes)||(e.attributes=we({},n.attributes)),e}function Qu(a,n,e){let t={key:n,source:e.source.key,target:e.target.key};return Wi(e.attributes)||(t.attributes=we({},e.attributes)),a==="mixed"&&e.undirected&&(t.undirected=!0),t}function Ju(a){if(!ke(a))throw new X('Graph.import: invalid serialized node. A serialized node should be a plain object with at least a "key" property.');if(!("key"in a))throw new X("Graph.import: serialized node is missing its key.");if("attributes"in a&&(!ke(a.attributes)||a.attributes===null))throw new X("Graph.import: invalid attributes. Attributes should be a plain object, null or omitted.")}function ed(a){if(!ke(a))throw new X('Graph.import: invalid serialized edge. A serialized edge should be a plain object with at least a "source" & "target" property.');if(!("source"in a))throw new X("Graph.import: serialized edge is missing its source.");if(!("target"in a))throw new X("Graph.import: serialized edge is missing its target.");if("attributes"in a&&(!ke(a.attributes)||a.attributes===null))throw new X("Graph.import: invalid attributes. Attributes should be a plain object, null or omitted.");if("undirected"in a&&typeof a.undirected!="boolean")throw new X("Graph.import: invalid undirectedness information. Undirected should be boolean or omitted.")}var td=au(),nd=new Set(["directed","undirected","mixed"]),Gi=new Set(["domain","_events","_eventsCount","_maxListeners"]),ad=[{name:a=>`${a}Edge`,generateKey:!0},{name:a=>`${a}DirectedEdge`,generateKey:!0,type:"directed"},{name:a=>`${a}UndirectedEdge`,generateKey:!0,type:"undirected"},{name:a=>`${a}EdgeWithKey`},{name:a=>`${a}DirectedEdgeWithKey`,type:"directed"},{name:a=>`${a}UndirectedEdgeWithKey`,type:"undirected"}],rd={allowSelfLoops:!0,multi:!1,type:"mixed"};function id(a,n,e){if(e&&!ke(e))throw new X(`Graph.addNode: invalid attributes. Expecting an object but got "${e}"`);if(n=""+n,e=e||{},a._nodes.has(n))throw new J(`Graph.addNode: the "${n}" node already exist in the graph.`);let t=new a.NodeDataClass(n,e);return a._nodes.set(n,t),a.emit("nodeAdded",{key:n,attributes:e}),t}function zi(a,n,e){let t=new a.NodeDataClass(n,e);return a._nodes.set(n,t),a.emit("nodeAdded",{key:n,attributes:e}),t}function ji(a,n,e,t,r,i,o,s){if(!t&&a.type==="undirected")throw new J(`Graph.${n}: you cannot add a directed edge to an undirected graph. Use the #.addEdge or #.addUndirectedEdge instead.`);if(t&&a.type==="directed")throw new J(`Graph.${n}: you cannot add an undirected edge to a directed graph. Use the #.addEdge or #.addDirectedEdge instead.`);if(s&&!ke(s))throw new X(`Graph.${n}: invalid attributes. Expecting an object but got "${s}"`);if(i=""+i,o=""+o,s=s||{},!a.allowSelfLoops&&i===o)throw new J(`Graph.${n}: source & target are the same ("${i}"), thus creating a loop explicitly forbidden by this graph 'allowSelfLoops' option set to false.`);let l=a._nodes.get(i),u=a._nodes.get(o);if(!l)throw new V(`Graph.${n}: source node "${i}" not found.`);if(!u)throw new V(`Graph.${n}: target node "${o}" not found.`);let d={key:null,undirected:t,source:i,target:o,attributes:s};if(e)r=a._edgeKeyGenerator();else if(r=""+r,a._edges.has(r))throw new J(`Graph.${n}: the "${r}" edge already exists in the graph.`);if(!a.multi&&(t?typeof l.undirected[o]<"u":typeof l.out[o]<"u"))throw new J(`Graph.${n}: an edge linking "${i}" to "${o}" already exists. If you really want to add multiple edges linking those nodes, you should create a multi graph by using the 'multi' option.`);let c=new tn(t,r,l,u,s);a._edges.set(r,c);let h=i===o;return t?(l.undirectedDegree++,u.undirectedDegree++,h&&(l.undirectedLoops++,a._undirectedSelfLoopCount++)):(l.outDegree++,u.inDegree++,h&&(l.directedLoops++,a._directedSelfLoopCount++)),a.multi?c.attachMulti():c.attach(),t?a._undirectedSize++:a._directedSize++,d.key=r,a.emit("edgeAdded",d),r}function od(a,n,e,t,r,i,o,s,l){if(!t&&a.type==="undirected")throw new J(`Graph.${n}: you cannot merge/update a directed edge to an undirected graph. Use the #.mergeEdge/#.updateEdge or #.addUndirectedEdge instead.`);if(t&&a.type==="directed")throw new J(`Graph.${n}: you cannot merge/update an undirected edge to a directed graph. Use the #.mergeEdge/#.updateEdge or #.addDirectedEdge instead.`);if(s){if(l){if(typeof s!="function")throw new X(`Graph.${n}: invalid updater function. Expecting a function but got "${s}"`)}else if(!ke(s))throw new X(`Graph.${n}: invalid attributes. Expecting an object but got "${s}"`)}i=""+i,o=""+o;let u;if(l&&(u=s,s=void 0),!a.allowSelfLoops&&i===o)throw new J(`Graph.${n}: source & target are the same ("${i}"), thus creating a loop explicitly forbidden by this graph 'allowSelfLoops' option set to false.`);let d=a._nodes.get(i),c=a._nodes.get(o),h,f;if(!e&&(h=a._edges.get(r),h)){if((h.source.key!==i||h.target.key!==o)&&(!t||h.source.key!==o||h.target.key!==i))throw new J(`Graph.${n}: inconsistency detected when attempting to merge the "${r}" edge with "${i}" source & "${o}" target vs. ("${h.source.key}", "${h.target.key}").`);f=h}if(!f&&!a.multi&&d&&(f=t?d.undirected[o]:d.out[o]),f){let y=[f.key,!1,!1,!1];if(l?!u:!s)return y;if(l){let b=f.attributes;f.attributes=u(b),a.emit("edgeAttributesUpdated",{type:"replace",key:f.key,attributes:f.attributes})}else we(f.attributes,s),a.emit("edgeAttributesUpdated",{type:"merge",key:f.key,attributes:f.attributes,data:s});return y}s=s||{},l&&u&&(s=u(s));let g={key:null,undirected:t,source:i,target:o,attributes:s};if(e)r=a._edgeKeyGenerator();else if(r=""+r,a._edges.has(r))throw new J(`Graph.${n}: the "${r}" edge already exists in the graph.`);let p=!1,m=!1;d||(d=zi(a,i,{}),p=!0,i===o&&(c=d,m=!0)),c||(c=zi(a,o,{}),m=!0),h=new tn(t,r,d,c,s),a._edges.set(r,h);let v=i===o;return t?(d.undirectedDegree++,c.undirectedDegree++,v&&(d.undirectedLoops++,a._undirectedSelfLoopCount++)):(d.outDegree++,c.inDegree++,v&&(d.directedLoops++,a._directedSelfLoopCount++)),a.multi?h.attachMulti():h.attach(),t?a._undirectedSize++:a._directedSize++,g.key=r,a.emit("edgeAdded",g),[r,!0,p,m]}function Jt(a,n){a._edges.delete(n.key);let{source:e,target:t,attributes:r}=n,i=n.undirected,o=e===t;i?(e.undirectedDegree--,t.undirectedDegree--,o&&(e.undirectedLoops--,a._undirectedSelfLoopCount--)):(e.outDegree--,t.inDegree--,o&&(e.directedLoops--,a._directedSelfLoopCount--)),a.multi?n.detachMulti():n.detach(),i?a._undirectedSize--:a._directedSize--,a.emit("edgeDropped",{key:n.key,attributes:r,source:e.key,target:t.key,undirected:i})}var fe=class a extends Ni.EventEmitter{constructor(n){if(super(),n=we({},rd,n),typeof n.multi!="boolean")throw new X(`Graph.constructor: invalid 'multi' option. Expecting a boolean but got "${n.multi}".`);if(!nd.has(n.type))throw new X(`Graph.constructor: invalid 'type' option. Should be one of "mixed", "directed" or "undirected" but got "${n.type}".`);if(typeof n.allowSelfLoops!="boolean")throw new X(`Graph.constructor: invalid 'allowSelfLoops' option. Expecting a boolean but got "${n.allowSelfLoops}".`);let e=n.type==="mixed"?Oi:n.type==="directed"?Mi:Bi;He(this,"NodeDataClass",e);let t="geid_"+td()+"_",r=0,i=()=>{let o;do o=t+r++;while(this._edges.has(o));return o};He(this,"_attributes",{}),He(this,"_nodes",new Map),He(this,"_edges",new Map),He(this,"_directedSize",0),He(this,"_undirectedSize",0),He(this,"_directedSelfLoopCount",0),He(this,"_undirectedSelfLoopCount",0),He(this,"_edgeKeyGenerator",i),He(this,"_options",n),Gi.forEach(o=>He(this,o,this[o])),Je(this,"order",()=>this._nodes.size),Je(this,"size",()=>this._edges.size),Je(this,"directedSize",()=>this._directedSize),Je(this,"undirectedSize",()=>this._undirectedSize),Je(this,"selfLoopCount",()=>this._directedSelfLoopCount+this._undirectedSelfLoopCount),Je(this,"directedSelfLoopCount",()=>this._directedSelfLoopCount),Je(this,"undirectedSelfLoopCount",()=>this._undirectedSelfLoopCount),Je(this,"multi",this._options.multi),Je(this,"type",this._options.type),Je(this,"allowSelfLoops",this._options.allowSelfLoops),Je(this,"implementation",()=>"graphology")}_resetInstanceCounters(){this._directedSize=0,this._undirectedSize=0,this._directedSelfLoopCount=0,this._undirectedSelfLoopCount=0}hasNode(n){return this._nodes.has(""+n)}hasDirectedEdge(n,e){if(this.type==="undirected")return!1;if(arguments.length===1){let t=""+n,r=this._edges.get(t);return!!r&&!r.undirected}else if(arguments.length===2){n=""+n,e=""+e;let t=this._nodes.get(n);return t?t.out.hasOwnProperty(e):!1}throw new X(`Graph.hasDirectedEdge: invalid arity (${arguments.length}, instead of 1 or 2). You can either ask for an edge id or for the existence of an edge between a source & a target.`)}hasUndirectedEdge(n,e){if(this.type==="directed")return!1;if(arguments.length===1){let t=""+n,r=this._edges.get(t);return!!r&&r.undirected}else if(arguments.length===2){n=""+n,e=""+e;let t=this._nodes.get(n);return t?t.undirected.hasOwnProperty(e):!1}throw new X(`Graph.hasDirectedEdge: invalid arity (${arguments.length}, instead of 1 or 2). You can either ask for an edge id or for the existence of an edge between a source & a target.`)}hasEdge(n,e){if(arguments.length===1){let t=""+n;return this._edges.has(t)}else if(arguments.length===2){n=""+n,e=""+e;let t=this._nodes.get(n);return t?typeof t.out<"u"&&t.out.hasOwnProperty(e)||typeof t.undirected<"u"&&t.undirected.hasOwnProperty(e):!1}throw new X(`Graph.hasEdge: invalid arity (${arguments.length}, instead of 1 or 2). You can either ask for an edge id or for the existence of an edge between a source & a target.`)}directedEdge(n,e){if(this.type==="undirected")return;if(n=""+n,e=""+e,this.multi)throw new J("Graph.directedEdge: this method is irrelevant with multigraphs since there might be multiple edges between source & target. See #.directedEdges instead.");let t=this._nodes.get(n);if(!t)throw new V(`Graph.directedEdge: could not find the "${n}" source node in the graph.`);if(!this._nodes.has(e))throw new V(`Graph.directedEdge: could not find the "${e}" target node in the graph.`);let r=t.out&&t.out[e]||void 0;if(r)return r.key}undirectedEdge(n,e){if(this.type==="directed")return;if(n=""+n,e=""+e,this.multi)throw new J("Graph.undirectedEdge: this method is irrelevant with multigraphs since there might be multiple edges between source & target. See #.undirectedEdges instead.");let t=this._nodes.get(n);if(!t)throw new V(`Graph.undirectedEdge: could not find the "${n}" source node in the graph.`);if(!this._nodes.has(e))throw new V(`Graph.undirectedEdge: could not find the "${e}" target node in the graph.`);let r=t.undirected&&t.undirected[e]||void 0;if(r)return r.key}edge(n,e){if(this.multi)throw new J("Graph.edge: this method is irrelevant with multigraphs since there might be multiple edges between source & target. See #.edges instead.");n=""+n,e=""+e;let t=this._nodes.get(n);if(!t)throw new V(`Graph.edge: could not find the "${n}" source node in the graph.`);if(!this._nodes.has(e))throw new V(`Graph.edge: could not find the "${e}" target node in the graph.`);let r=t.out&&t.out[e]||t.undirected&&t.undirected[e]||void 0;if(r)return r.key}areDirectedNeighbors(n,e){n=""+n,e=""+e;let t=this._nodes.get(n);if(!t)throw new V(`Graph.areDirectedNeighbors: could not find the "${n}" node in the graph.`);return this.type==="undirected"?!1:e in t.in||e in t.out}areOutNeighbors(n,e){n=""+n,e=""+e;let t=this._nodes.get(n);if(!t)throw new V(`Graph.areOutNeighbors: could not find the "${n}" node in the graph.`);return this.type==="undirected"?!1:e in t.out}areInNeighbors(n,e){n=""+n,e=""+e;let t=this._nodes.get(n);if(!t)throw new V(`Graph.areInNeighbors: could not find the "${n}" node in the graph.`);return this.type==="undirected"?!1:e in t.in}areUndirectedNeighbors(n,e){n=""+n,e=""+e;let t=this._nodes.get(n);if(!t)throw new V(`Graph.areUndirectedNeighbors: could not find the "${n}" node in the graph.`);return this.type==="directed"?!1:e in t.undirected}areNeighbors(n,e){n=""+n,e=""+e;let t=this._nodes.get(n);if(!t)throw new V(`Graph.areNeighbors: could not find the "${n}" node in the graph.`);return this.type!=="undirected"&&(e in t.in||e in t.out)||this.type!=="directed"&&e in t.undirected}areInboundNeighbors(n,e){n=""+n,e=""+e;let t=this._nodes.get(n);if(!t)throw new V(`Graph.areInboundNeighbors: could not find the "${n}" node in the graph.`);return this.type!=="undirected"&&e in t.in||this.type!=="directed"&&e in t.undirected}areOutboundNeighbors(n,e){n=""+n,e=""+e;let t=this._nodes.get(n);if(!t)throw new V(`Graph.areOutboundNeighbors: could not find the "${n}" node in the graph.`);return this.type!=="undirected"&&e in t.out||this.type!=="directed"&&e in t.undirected}inDegree(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.inDegree: could not find the "${n}" node in the graph.`);return this.type==="undirected"?0:e.inDegree}outDegree(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.outDegree: could not find the "${n}" node in the graph.`);return this.type==="undirected"?0:e.outDegree}directedDegree(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.directedDegree: could not find the "${n}" node in the graph.`);return this.type==="undirected"?0:e.inDegree+e.outDegree}undirectedDegree(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.undirectedDegree: could not find the "${n}" node in the graph.`);return this.type==="directed"?0:e.undirectedDegree}inboundDegree(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.inboundDegree: could not find the "${n}" node in the graph.`);let t=0;return this.type!=="directed"&&(t+=e.undirectedDegree),this.type!=="undirected"&&(t+=e.inDegree),t}outboundDegree(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.outboundDegree: could not find the "${n}" node in the graph.`);let t=0;return this.type!=="directed"&&(t+=e.undirectedDegree),this.type!=="undirected"&&(t+=e.outDegree),t}degree(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.degree: could not find the "${n}" node in the graph.`);let t=0;return this.type!=="directed"&&(t+=e.undirectedDegree),this.type!=="undirected"&&(t+=e.inDegree+e.outDegree),t}inDegreeWithoutSelfLoops(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.inDegreeWithoutSelfLoops: could not find the "${n}" node in the graph.`);return this.type==="undirected"?0:e.inDegree-e.directedLoops}outDegreeWithoutSelfLoops(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.outDegreeWithoutSelfLoops: could not find the "${n}" node in the graph.`);return this.type==="undirected"?0:e.outDegree-e.directedLoops}directedDegreeWithoutSelfLoops(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.directedDegreeWithoutSelfLoops: could not find the "${n}" node in the graph.`);return this.type==="undirected"?0:e.inDegree+e.outDegree-e.directedLoops*2}undirectedDegreeWithoutSelfLoops(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.undirectedDegreeWithoutSelfLoops: could not find the "${n}" node in the graph.`);return this.type==="directed"?0:e.undirectedDegree-e.undirectedLoops*2}inboundDegreeWithoutSelfLoops(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.inboundDegreeWithoutSelfLoops: could not find the "${n}" node in the graph.`);let t=0,r=0;return this.type!=="directed"&&(t+=e.undirectedDegree,r+=e.undirectedLoops*2),this.type!=="undirected"&&(t+=e.inDegree,r+=e.directedLoops),t-r}outboundDegreeWithoutSelfLoops(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.outboundDegreeWithoutSelfLoops: could not find the "${n}" node in the graph.`);let t=0,r=0;return this.type!=="directed"&&(t+=e.undirectedDegree,r+=e.undirectedLoops*2),this.type!=="undirected"&&(t+=e.outDegree,r+=e.directedLoops),t-r}degreeWithoutSelfLoops(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.degreeWithoutSelfLoops: could not find the "${n}" node in the graph.`);let t=0,r=0;return this.type!=="directed"&&(t+=e.undirectedDegree,r+=e.undirectedLoops*2),this.type!=="undirected"&&(t+=e.inDegree+e.outDegree,r+=e.directedLoops*2),t-r}source(n){n=""+n;let e=this._edges.get(n);if(!e)throw new V(`Graph.source: could not find the "${n}" edge in the graph.`);return e.source.key}target(n){n=""+n;let e=this._edges.get(n);if(!e)throw new V(`Graph.target: could not find the "${n}" edge in the graph.`);return e.target.key}extremities(n){n=""+n;let e=this._edges.get(n);if(!e)throw new V(`Graph.extremities: could not find the "${n}" edge in the graph.`);return[e.source.key,e.target.key]}opposite(n,e){n=""+n,e=""+e;let t=this._edges.get(e);if(!t)throw new V(`Graph.opposite: could not find the "${e}" edge in the graph.`);let r=t.source.key,i=t.target.key;if(n===r)return i;if(n===i)return r;throw new V(`Graph.opposite: the "${n}" node is not attached to the "${e}" edge (${r}, ${i}).`)}hasExtremity(n,e){n=""+n,e=""+e;let t=this._edges.get(n);if(!t)throw new V(`Graph.hasExtremity: could not find the "${n}" edge in the graph.`);return t.source.key===e||t.target.key===e}isUndirected(n){n=""+n;let e=this._edges.get(n);if(!e)throw new V(`Graph.isUndirected: could not find the "${n}" edge in the graph.`);return e.undirected}isDirected(n){n=""+n;let e=this._edges.get(n);if(!e)throw new V(`Graph.isDirected: could not find the "${n}" edge in the graph.`);return!e.undirected}isSelfLoop(n){n=""+n;let e=this._edges.get(n);if(!e)throw new V(`Graph.isSelfLoop: could not find the "${n}" edge in the graph.`);return e.source===e.target}addNode(n,e){return id(this,n,e).key}mergeNode(n,e){if(e&&!ke(e))throw new X(`Graph.mergeNode: invalid attributes. Expecting an object but got "${e}"`);n=""+n,e=e||{};let t=this._nodes.get(n);return t?(e&&(we(t.attributes,e),this.emit("nodeAttributesUpdated",{type:"merge",key:n,attributes:t.attributes,data:e})),[n,!1]):(t=new this.NodeDataClass(n,e),this._nodes.set(n,t),this.emit("nodeAdded",{key:n,attributes:e}),[n,!0])}updateNode(n,e){if(e&&typeof e!="function")throw new X(`Graph.updateNode: invalid updater function. Expecting a function but got "${e}"`);n=""+n;let t=this._nodes.get(n);if(t){if(e){let i=t.attributes;t.attributes=e(i),this.emit("nodeAttributesUpdated",{type:"replace",key:n,attributes:t.attributes})}return[n,!1]}let r=e?e({}):{};return t=new this.NodeDataClass(n,r),this._nodes.set(n,t),this.emit("nodeAdded",{key:n,attributes:r}),[n,!0]}dropNode(n){n=""+n;let e=this._nodes.get(n);if(!e)throw new V(`Graph.dropNode: could not find the "${n}" node in the graph.`);let t;if(this.type!=="undirected"){for(let r in e.out){t=e.out[r];do Jt(this,t),t=t.next;while(t)}for(let r in e.in){t=e.in[r];do Jt(this,t),t=t.next;while(t)}}if(this.type!=="directed")for(let r in e.undirected){t=e.undirected[r];do Jt(this,t),t=t.next;while(t)}this._nodes.delete(n),this.emit("nodeDropped",{key:n,attributes:e.attributes})}dropEdge(n){let e;if(arguments.length>1){let t=""+arguments[0],r=""+arguments[1];if(e=$e(this,t,r,this.type),!e)throw new V(`Graph.dropEdge: could not find the "${t}" -> "${r}" edge in the graph.`)}else if(n=""+n,e=this._edges.get(n),!e)throw new V(`Graph.dropEdge: could not find the "${n}" edge in the graph.`);return Jt(this,e),this}dropDirectedEdge(n,e){if(arguments.length<2)throw new J("Graph.dropDirectedEdge: it does not make sense to try and drop a directed edge by key. What if the edge with this key is undirected? Use #.dropEdge for this purpose instead.");if(this.multi)throw new J("Graph.dropDirectedEdge: cannot use a {source,target} combo when dropping an edge in a MultiGraph since we cannot infer the one you want to delete as there could be multiple ones.");n=""+n,e=""+e;let t=$e(this,n,e,"directed");if(!t)throw new V(`Graph.dropDirectedEdge: could not find a "${n}" -> "${e}" edge in the graph.`);return Jt(this,t),this}dropUndirectedEdge(n,e){if(arguments.length<2)throw new J("Graph.dropUndirectedEdge: it does not make sense to drop a directed edge by key. What if the edge with this key is undirected? Use #.dropEdge for this purpose instead.");if(this.multi)throw new J("Graph.dropUndirectedEdge: cannot use a {source,target} combo when dropping an edge in a MultiGraph since we cannot infer the one you want to delete as there could be multiple ones.");let t=$e(this,n,e,"undirected");if(!t)throw new V(`Graph.dropUndirectedEdge: could not find a "${n}" -> "${e}" edge in the graph.`);return Jt(this,t),this}clear(){this._edges.clear(),this._nodes.clear(),this._resetInstanceCounters(),this.emit("cleared")}clearEdges(){let n=this._nodes.values(),e;for(;e=n.next(),e.done!==!0;)e.value.clear();this._edges.clear(),this._resetInstanceCounters(),this.emit("edgesCleared")}getAttribute(n){return this._attributes[n]}getAttributes(){return this._attributes}hasAttribute(n){return this._attributes.hasOwnProperty(n)}setAttribute(n,e){return this._attributes[n]=e,this.emit("attributesUpdated",{type:"set",attributes:this._attributes,name:n}),this}updateAttribute(n,e){if(typeof e!="function")throw new X("Graph.updateAttribute: updater should be a function.");let t=this._attributes[n];return this._attributes[n]=e(t),this.emit("attributesUpdated",{type:"set",attributes:this._attributes,name:n}),this}removeAttribute(n){return delete this._attributes[n],this.emit("attributesUpdated",{type:"remove",attributes:this._attributes,name:n}),this}replaceAttributes(n){if(!ke(n))throw new X("Graph.replaceAttributes: provided attributes are not a plain object.");return this._attributes=n,this.emit("attributesUpdated",{type:"replace",attributes:this._attributes}),this}mergeAttributes(n){if(!ke(n))throw new X("Graph.mergeAttributes: provided attributes are not a plain object.");return we(this._attributes,n),this.emit("attributesUpdated",{type:"merge",attributes:this._attributes,data:n}),this}updateAttributes(n){if(typeof n!="function")throw new X("Graph.updateAttributes: provided updater is not a function.");return this._attributes=n(this._attributes),this.emit("attributesUpdated",{type:"update",attributes:this._attributes}),this}updateEachNodeAttributes(n,e){if(typeof n!="function")throw new X("Graph.updateEachNodeAttributes: expecting an updater function.");if(e&&!Fi(e))throw new X("Graph.updateEachNodeAttributes: invalid hints. Expecting an object having the following shape: {attributes?: [string]}");let t=this._nodes.values(),r,i;for(;r=t.next(),r.done!==!0;)i=r.value,i.attributes=n(i.key,i.attributes);this.emit("eachNodeAttributesUpdated",{hints:e||null})}updateEachEdgeAttributes(n,e){if(typeof n!="function")throw new X("Graph.updateEachEdgeAttributes: expecting an updater function.");if(e&&!Fi(e))throw new X("Graph.updateEachEdgeAttributes: invalid hints. Expecting an object having the following shape: {attributes?: [string]}");let t=this._edges.values(),r,i,o,s;for(;r=t.next(),r.done!==!0;)i=r.value,o=i.source,s=i.target,i.attributes=n(i.key,i.attributes,o.key,s.key,o.attributes,s.attributes,i.undirected);this.emit("eachEdgeAttributesUpdated",{hints:e||null})}forEachAdjacencyEntry(n){if(typeof n!="function")throw new X("Graph.forEachAdjacencyEntry: expecting a callback.");sa(!1,!1,!1,this,n)}forEachAdjacencyEntryWithOrphans(n){if(typeof n!="function")throw new X("Graph.forEachAdjacencyEntryWithOrphans: expecting a callback.");sa(!1,!1,!0,this,n)}forEachAssymetricAdjacencyEntry(n){if(typeof n!="function")throw new X("Graph.forEachAssymetricAdjacencyEntry: expecting a callback.");sa(!1,!0,!1,this,n)}forEachAssymetricAdjacencyEntryWithOrphans(n){if(typeof n!="function")throw new X("Graph.forEachAssymetricAdjacencyEntryWithOrphans: expecting a callback.");sa(!1,!0,!0,this,n)}nodes(){return Array.from(this._nodes.keys())}forEachNode(n){if(typeof n!="function")throw new X("Graph.forEachNode: expecting a callback.");let e=this._nodes.values(),t,r;for(;t=e.next(),t.done!==!0;)r=t.value,n(r.key,r.attributes)}findNode(n){if(typeof n!="function")throw new X("Graph.findNode: expecting a callback.");let e=this._nodes.values(),t,r;for(;t=e.next(),t.done!==!0;)if(r=t.value,n(r.key,r.attributes))return r.key}mapNodes(n){if(typeof n!="function")throw new X("Graph.mapNode: expecting a callback.");let e=this._nodes.values(),t,r,i=new Array(this.order),o=0;for(;t=e.next(),t.done!==!0;)r=t.value,i[o++]=n(r.key,r.attributes);return i}someNode(n){if(typeof n!="function")throw new X("Graph.someNode: expecting a callback.");let e=this._nodes.values(),t,r;for(;t=e.next(),t.done!==!0;)if(r=t.value,n(r.key,r.attributes))return!0;return!1}everyNode(n){if(typeof n!="function")throw new X("Graph.everyNode: expecting a callback.");let e=this._nodes.values(),t,r;for(;t=e.next(),t.done!==!0;)if(r=t.value,!n(r.key,r.attributes))return!1;return!0}filterNodes(n){if(typeof n!="function")throw new X("Graph.filterNodes: expecting a callback.");let e=this._nodes.values(),t,r,i=[];for(;t=e.next(),t.done!==!0;)r=t.value,n(r.key,r.attributes)&&i.push(r.key);return i}reduceNodes(n,e){if(typeof n!="function")throw new X("Graph.reduceNodes: expecting a callback.");if(arguments.length<2)throw new X("Graph.reduceNodes: missing initial value. You must provide it because the callback takes more than one argument and we cannot infer the initial value from the first iteration, as you could with a simple array.");let t=e,r=this._nodes.values(),i,o;for(;i=r.next(),i.done!==!0;)o=i.value,t=n(t,o.key,o.attributes);return t}nodeEntries(){let n=this._nodes.values();return{[Symbol.iterator](){return this},next(){let e=n.next();if(e.done)return e;let t=e.value;return{value:{node:t.key,attributes:t.attributes},done:!1}}}}export(){let n=new Array(this._nodes.size),e=0;this._nodes.forEach((r,i)=>{n[e++]=Zu(i,r)});let t=new Array(this._edges.size);return e=0,this._edges.forEach((r,i)=>{t[e++]=Qu(this.type,i,r)}),{options:{type:this.type,multi:this.multi,allowSelfLoops:this.allowSelfLoops},attributes:this.getAttributes(),nodes:n,edges:t}}import(n,e=!1){if(n instanceof a)return n.forEachNode((l,u)=>{e?this.mergeNode(l,u):this.addNode(l,u)}),n.forEachEdge((l,u,d,c,h,f,g)=>{e?g?this.mergeUndirectedEdgeWithKey(l,d,c,u):this.mergeDirectedEdgeWithKey(l,d,c,u):g?this.addUndirectedEdgeWithKey(l,d,c,u):this.addDirectedEdgeWithKey(l,d,c,u)}),this;if(!ke(n))throw new X("Graph.import: invalid argument. Expecting a serialized graph or, alternatively, a Graph instance.");if(n.attributes){if(!ke(n.attributes))throw new X("Graph.import: invalid attributes. Expecting a plain object.");e?this.mergeAttributes(n.attributes):this.replaceAttributes(n.attributes)}let t,r,i,o,s;if(n.nodes){if(i=n.nodes,!Array.isArray(i))throw new X("Graph.import: invalid nodes. Expecting an array.");for(t=0,r=i.length;t<r;t++){o=i[t],Ju(o);let{key:l,attributes:u}=o;e?this.mergeNode(l,u):this.addNode(l,u)}}if(n.edges){let l=!1;if(this.type==="undirected"&&(l=!0),i=n.edges,!Array.isArray(i))throw new X("Graph.import: invalid edges. Expecting an array.");for(t=0,r=i.length;t<r;t++){s=i[t],ed(s);let{source:u,target:d,attributes:c,undirected:h=l}=s,f;"key"in s?(f=e?h?this.mergeUndirectedEdgeWithKey:this.mergeDirectedEdgeWithKey:h?this.addUndirectedEdgeWithKey:this.addDirectedEdgeWithKey,f.call(this,s.key,u,d,c)):(f=e?h?this.mergeUndirectedEdge:this.mergeDirectedEdge:h?this.addUndirectedEdge:this.addDirectedEdge,f.call(this,u,d,c))}}return this}nullCopy(n){let e=new a(we({},this._options,n));return e.replaceAttributes(we({},this.getAttributes())),e}emptyCopy(n){let e=this.nullCopy(n);return this._nodes.forEach((t,r)=>{let i=we({},t.attributes);t=new e.NodeDataClass(r,i),e._nodes.set(r,t)}),e}copy(n){if(n=n||{},typeof n.type=="string"&&n.type!==this.type&&n.type!=="mixed")throw new J(`Graph.copy: cannot create an incompatible copy from "${this.type}" type to "${n.type}" because this would mean losing information about the current graph.`);if(typeof n.multi=="boolean"&&n.multi!==this.multi&&n.multi!==!0)throw new J("Graph.copy: cannot create an incompatible copy by downgrading a multi graph to a simple one because this would mean losing information about the current graph.");if(typeof n.allowSelfLoops=="boolean"&&n.allowSelfLoops!==this.allowSelfLoops&&n.allowSelfLoops!==!0)throw new J("Graph.copy: cannot create an incompatible copy from a graph allowing self loops to one that does not because this would mean losing information about the current graph.");let e=this.emptyCopy(n),t=this._edges.values(),r,i;for(;r=t.next(),r.done!==!0;)i=r.value,ji(e,"copy",!1,i.undirected,i.key,i.source.key,i.target.key,we({},i.attributes));return e}toJSON(){return this.export()}toString(){return"[object Graph]"}inspect(){let n={};this._nodes.forEach((i,o)=>{n[o]=i.attributes});let e={},t={};this._edges.forEach((i,o)=>{let s=i.undirected?"--":"->",l="",u=i.source.key,d=i.target.key,c;i.undirected&&u>d&&(c=u,u=d,d=c);let h=`(${u})${s}(${d})`;o.startsWith("geid_")?this.multi&&(typeof t[h]>"u"?t[h]=0:t[h]++,l+=`${t[h]}. `):l+=`[${o}]: `,l+=h,e[l]=i.attributes});let r={};for(let i in this)this.hasOwnProperty(i)&&!Gi.has(i)&&typeof this[i]!="function"&&typeof i!="symbol"&&(r[i]=this[i]);return r.attributes=this._attributes,r.nodes=n,r.edges=e,He(r,"constructor",this.constructor),r}};typeof Symbol<"u"&&(fe.prototype[Symbol.for("nodejs.util.inspect.custom")]=fe.prototype.inspect);ad.forEach(a=>{["add","merge","update"].forEach(n=>{let e=a.name(n),t=n==="add"?ji:od;a.generateKey?fe.prototype[e]=function(r,i,o){return t(this,e,!0,(a.type||this.type)==="undirected",null,r,i,o,n==="update")}:fe.prototype[e]=function(r,i,o,s){return t(this,e,!1,(a.type||this.type)==="undirected",r,i,o,s,n==="update")}})});vu(fe);Au(fe);Uu(fe);Ku(fe);var la=class extends fe{constructor(n){let e=we({type:"directed"},n);if("multi"in e&&e.multi!==!1)throw new X("DirectedGraph.from: inconsistent indication that the graph should be multi in given options!");if(e.type!=="directed")throw new X('DirectedGraph.from: inconsistent "'+e.type+'" type in given options!');super(e)}},ua=class extends fe{constructor(n){let e=we({type:"undirected"},n);if("multi"in e&&e.multi!==!1)throw new X("UndirectedGraph.from: inconsistent indication that the graph should be multi in given options!");if(e.type!=="undirected")throw new X('UndirectedGraph.from: inconsistent "'+e.type+'" type in given options!');super(e)}},da=class extends fe{constructor(n){let e=we({multi:!0},n);if("multi"in e&&e.multi!==!0)throw new X("MultiGraph.from: inconsistent indication that the graph should be simple in given options!");super(e)}},ca=class extends fe{constructor(n){let e=we({type:"directed",multi:!0},n);if("multi"in e&&e.multi!==!0)throw new X("MultiDirectedGraph.from: inconsistent indication that the graph should be simple in given options!");if(e.type!=="directed")throw new X('MultiDirectedGraph.from: inconsistent "'+e.type+'" type in given options!');super(e)}},ha=class extends fe{constructor(n){let e=we({type:"undirected",multi:!0},n);if("multi"in e&&e.multi!==!0)throw new X("MultiUndirectedGraph.from: inconsistent indication that the graph should be simple in given options!");if(e.type!=="undirected")throw new X('MultiUndirectedGraph.from: inconsistent "'+e.type+'" type in given options!');super(e)}};function nn(a){a.from=function(n,e){let t=we({},n.options,e),r=new a(t);return r.import(n),r}}nn(fe);nn(la);nn(ua);nn(da);nn(ca);nn(ha);fe.Graph=fe;fe.DirectedGraph=la;fe.UndirectedGraph=ua;fe.MultiGraph=da;fe.MultiDirectedGraph=ca;fe.MultiUndirectedGraph=ha;fe.InvalidArgumentsGraphError=X;fe.NotFoundGraphError=V;fe.UsageGraphError=J;function pa(a,n){(n==null||n>a.length)&&(n=a.length);for(var e=0,t=Array(n);e<n;e++)t[e]=a[e];return t}function ma(a,n){if(a){if(typeof a=="string")return pa(a,n);var e={}.toString.call(a).slice(8,-1);return e==="Object"&&a.constructor&&(e=a.constructor.name),e==="Map"||e==="Set"?Array.from(a):e==="Arguments"||/^(?:Ui|I)nt(?:8|16|32)(?:Clamped)?Array$/.test(e)?pa(a,n):void 0}}function sd(a){if(Array.isArray(a))return a}function ld(a,n){var e=a==null?null:typeof Symbol<"u"&&a[Symbol.iterator]||a["@@iterator"];if(e!=null){var t,r,i,o,s=[],l=!0,u=!1;try{if(i=(e=e.call(a)).next,n===0){if(Object(e)!==e)return;l=!1}else for(;!(l=(t=i.call(e)).done)&&(s.push(t.value),s.length!==n);l=!0);}catch(d){u=!0,r=d}finally{try{if(!l&&e.return!=null&&(o=e.return(),Object(o)!==o))return}finally{if(u)throw r}}return s}}function ud(){throw new TypeError(`Invalid attempt to destructure non-iterable instance.
In order to be iterable, non-array objects must have a [Symbol.iterator]() method.`)}function oe(a,n){return sd(a)||ld(a,n)||ma(a,n)||ud()}function B(a,n){var e=typeof Symbol<"u"&&a[Symbol.iterator]||a["@@iterator"];if(!e){if(Array.isArray(a)||(e=ma(a))||n&&a&&typeof a.length=="number"){e&&(a=e);var t=0,r=function(){};return{s:r,n:function(){return t>=a.length?{done:!0}:{done:!1,value:a[t++]}},e:function(l){throw l},f:r}}throw new TypeError(`Invalid attempt to iterate non-iterable instance.
In order to be iterable, non-array objects must have a [Symbol.iterator]() method.`)}var i,o=!0,s=!1;return{s:function(){e=e.call(a)},n:function(){var l=e.next();return o=l.done,l},e:function(l){s=!0,i=l},f:function(){try{o||e.return==null||e.return()}finally{if(s)throw i}}}}function Ve(){return Float32Array.of(1,0,0,0,1,0,0,0,1)}function ga(a,n,e){return a[0]=n,a[4]=typeof e=="number"?e:n,a}function qi(a,n){var e=Math.sin(n),t=Math.cos(n);return a[0]=t,a[1]=e,a[3]=-e,a[4]=t,a}function Xi(a,n,e){return a[6]=n,a[7]=e,a}function mt(a,n){var e=a[0],t=a[1],r=a[2],i=a[3],o=a[4],s=a[5],l=a[6],u=a[7],d=a[8],c=n[0],h=n[1],f=n[2],g=n[3],p=n[4],m=n[5],v=n[6],y=n[7],b=n[8];return a[0]=c*e+h*i+f*l,a[1]=c*t+h*o+f*u,a[2]=c*r+h*s+f*d,a[3]=g*e+p*i+m*l,a[4]=g*t+p*o+m*u,a[5]=g*r+p*s+m*d,a[6]=v*e+y*i+b*l,a[7]=v*t+y*o+b*u,a[8]=v*r+y*s+b*d,a}function fr(a,n){var e=Math.cos(n),t=Math.sin(n);return{x:e*a.x+t*a.y,y:-t*a.x+e*a.y}}function rn(a,n){var e=arguments.length>2&&arguments[2]!==void 0?arguments[2]:1,t=a[0],r=a[1],i=a[3],o=a[4],s=a[6],l=a[7],u=n.x,d=n.y;return{x:u*t+d*i+s*e,y:u*r+d*o+l*e}}function dd(a,n){var e=a.height/a.width,t=n.height/n.width;return e<1&&t>1||e>1&&t<1?1:Math.min(Math.max(t,1/t),Math.max(1/e,e))}function yt(a,n,e,t,r){var i=a.angle,o=a.ratio,s=a.x,l=a.y,u=n.width,d=n.height,c=Ve(),h=Math.min(u,d)-2*t,f=dd(n,e);return r?(mt(c,Xi(Ve(),s,l)),mt(c,ga(Ve(),o)),mt(c,qi(Ve(),i)),mt(c,ga(Ve(),u/h/2/f,d/h/2/f))):(mt(c,ga(Ve(),2*(h/u)*f,2*(h/d)*f)),mt(c,qi(Ve(),-i)),mt(c,ga(Ve(),1/o)),mt(c,Xi(Ve(),-s,-l))),c}function Yi(a,n,e){var t=rn(a,{x:Math.cos(n.angle),y:Math.sin(n.angle)},0),r=t.x,i=t.y;return 1/Math.sqrt(Math.pow(r,2)+Math.pow(i,2))/e.width}function gr(a,n,e,t,r){var i=Math.floor(n/r*t),o=Math.floor(a.drawingBufferHeight/r-e/r*t);return[i,o]}var Rn={black:"#000000",silver:"#C0C0C0",gray:"#808080",grey:"#808080",white:"#FFFFFF",maroon:"#800000",red:"#FF0000",purple:"#800080",fuchsia:"#FF00FF",green:"#008000",lime:"#00FF00",olive:"#808000",yellow:"#FFFF00",navy:"#000080",blue:"#0000FF",teal:"#008080",aqua:"#00FFFF",darkblue:"#00008B",mediumblue:"#0000CD",darkgreen:"#006400",darkcyan:"#008B8B",deepskyblue:"#00BFFF",darkturquoise:"#00CED1",mediumspringgreen:"#00FA9A",springgreen:"#00FF7F",cyan:"#00FFFF",midnightblue:"#191970",dodgerblue:"#1E90FF",lightseagreen:"#20B2AA",forestgreen:"#228B22",seagreen:"#2E8B57",darkslategray:"#2F4F4F",darkslategrey:"#2F4F4F",limegreen:"#32CD32",mediumseagreen:"#3CB371",turquoise:"#40E0D0",royalblue:"#4169E1",steelblue:"#4682B4",darkslateblue:"#483D8B",mediumturquoise:"#48D1CC",indigo:"#4B0082",darkolivegreen:"#556B2F",cadetblue:"#5F9EA0",cornflowerblue:"#6495ED",rebeccapurple:"#663399",mediumaquamarine:"#66CDAA",dimgray:"#696969",dimgrey:"#696969",slateblue:"#6A5ACD",olivedrab:"#6B8E23",slategray:"#708090",slategrey:"#708090",lightslategray:"#778899",lightslategrey:"#778899",mediumslateblue:"#7B68EE",lawngreen:"#7CFC00",chartreuse:"#7FFF00",aquamarine:"#7FFFD4",skyblue:"#87CEEB",lightskyblue:"#87CEFA",blueviolet:"#8A2BE2",darkred:"#8B0000",darkmagenta:"#8B008B",saddlebrown:"#8B4513",darkseagreen:"#8FBC8F",lightgreen:"#90EE90",mediumpurple:"#9370DB",darkviolet:"#9400D3",palegreen:"#98FB98",darkorchid:"#9932CC",yellowgreen:"#9ACD32",sienna:"#A0522D",brown:"#A52A2A",darkgray:"#A9A9A9",darkgrey:"#A9A9A9",lightblue:"#ADD8E6",greenyellow:"#ADFF2F",paleturquoise:"#AFEEEE",lightsteelblue:"#B0C4DE",powderblue:"#B0E0E6",firebrick:"#B22222",darkgoldenrod:"#B8860B",mediumorchid:"#BA55D3",rosybrown:"#BC8F8F",darkkhaki:"#BDB76B",mediumvioletred:"#C71585",indianred:"#CD5C5C",peru:"#CD853F",chocolate:"#D2691E",tan:"#D2B48C",lightgray:"#D3D3D3",lightgrey:"#D3D3D3",thistle:"#D8BFD8",orchid:"#DA70D6",goldenrod:"#DAA520",palevioletred:"#DB7093",crimson:"#DC143C",gainsboro:"#DCDCDC",plum:"#DDA0DD",burlywood:"#DEB887",lightcyan:"#E0FFFF",lavender:"#E6E6FA",darksalmon:"#E9967A",violet:"#EE82EE",palegoldenrod:"#EEE8AA",lightcoral:"#F08080",khaki:"#F0E68C",aliceblue:"#F0F8FF",honeydew:"#F0FFF0",azure:"#F0FFFF",sandybrown:"#F4A460",wheat:"#F5DEB3",beige:"#F5F5DC",whitesmoke:"#F5F5F5",mintcream:"#F5FFFA",ghostwhite:"#F8F8FF",salmon:"#FA8072",antiquewhite:"#FAEBD7",linen:"#FAF0E6",lightgoldenrodyellow:"#FAFAD2",oldlace:"#FDF5E6",magenta:"#FF00FF",deeppink:"#FF1493",orangered:"#FF4500",tomato:"#FF6347",hotpink:"#FF69B4",coral:"#FF7F50",darkorange:"#FF8C00",lightsalmon:"#FFA07A",orange:"#FFA500",lightpink:"#FFB6C1",pink:"#FFC0CB",gold:"#FFD700",peachpuff:"#FFDAB9",navajowhite:"#FFDEAD",moccasin:"#FFE4B5",bisque:"#FFE4C4",mistyrose:"#FFE4E1",blanchedalmond:"#FFEBCD",papayawhip:"#FFEFD5",lavenderblush:"#FFF0F5",seashell:"#FFF5EE",cornsilk:"#FFF8DC",lemonchiffon:"#FFFACD",floralwhite:"#FFFAF0",snow:"#FFFAFA",lightyellow:"#FFFFE0",ivory:"#FFFFF0"},Ki=new Int8Array(4),va=new Int32Array(Ki.buffer,0,1),Zi=new Float32Array(Ki.buffer,0,1),cd=/^\s*rgba?\s*\(/,hd=/^\s*rgba?\s*\(\s*([0-9]*)\s*,\s*([0-9]*)\s*,\s*([0-9]*)(?:\s*,\s*(.*)?)?\)\s*$/;function ya(a){var n=0,e=0,t=0,r=1,i=a.toLowerCase();if(i==="transparent")return{r:0,g:0,b:0,a:0};if(i in Rn)return ya(Rn[i]);if(a[0]==="#")a.length===4?(n=parseInt(a.charAt(1)+a.charAt(1),16),e=parseInt(a.charAt(2)+a.charAt(2),16),t=parseInt(a.charAt(3)+a.charAt(3),16)):(n=parseInt(a.charAt(1)+a.charAt(2),16),e=parseInt(a.charAt(3)+a.charAt(4),16),t=parseInt(a.charAt(5)+a.charAt(6),16)),a.length===9&&(r=parseInt(a.charAt(7)+a.charAt(8),16)/255);else if(cd.test(a)){var o=a.match(hd);o&&(n=+o[1],e=+o[2],t=+o[3],o[4]&&(r=+o[4]))}return{r:n,g:e,b:t,a:r}}function Qi(a){var n=arguments.length>1&&arguments[1]!==void 0?arguments[1]:!1,e=ya(a),t=e.r,r=e.g,i=e.b,o=e.a;return n?[t/255*o,r/255*o,i/255*o,o]:[t/255,r/255,i/255,o]}var an={};for(An in Rn)an[An]=je(Rn[An]),an[Rn[An]]=an[An];var An;function fd(a,n,e,t,r){return va[0]=t<<24|e<<16|n<<8|a,r&&(va[0]=va[0]&4278190079),Zi[0]}function je(a){if(a=a.toLowerCase(),typeof an[a]<"u")return an[a];var n=ya(a),e=n.r,t=n.g,r=n.b,i=n.a;i=i*255|0;var o=fd(e,t,r,i,!0);return an[a]=o,o}function bt(a,n){Zi[0]=je(a);var e=va[0];n&&(e=e|16777216);var t=e&255,r=e>>8&255,i=e>>16&255,o=e>>24&255;return[t,r,i,o]}function on(a){var n=a>>>8&255,e=a>>>16&255,t=a>>>24&255,r=a&255;return(r<<24|t<<16|e<<8|n)>>>0}function vr(a,n,e,t){return(e<<24|n<<16|a<<8|t)>>>0}function Ji(a,n,e,t,r,i){var o=gr(a,e,t,r,i),s=oe(o,2),l=s[0],u=s[1],d=new Uint8Array(4);a.bindFramebuffer(a.FRAMEBUFFER,n),a.readPixels(l,u,1,1,a.RGBA,a.UNSIGNED_BYTE,d);var c=oe(d,4),h=c[0],f=c[1],g=c[2],p=c[3];return[h,f,g,p]}function eo(a){var n=ya(a),e=n.r,t=n.g,r=n.b,i=n.a,o=(e/255).toFixed(6),s=(t/255).toFixed(6),l=(r/255).toFixed(6),u=i.toFixed(6);return"vec4(".concat(o,", ").concat(s,", ").concat(l,", ").concat(u,")")}function gd(a,n){if(typeof a!="object"||!a)return a;var e=a[Symbol.toPrimitive];if(e!==void 0){var t=e.call(a,n||"default");if(typeof t!="object")return t;throw new TypeError("@@toPrimitive must return a primitive value.")}return(n==="string"?String:Number)(a)}function ao(a){var n=gd(a,"string");return typeof n=="symbol"?n:n+""}function R(a,n,e){return(n=ao(n))in a?Object.defineProperty(a,n,{value:e,enumerable:!0,configurable:!0,writable:!0}):a[n]=e,a}function to(a,n){var e=Object.keys(a);if(Object.getOwnPropertySymbols){var t=Object.getOwnPropertySymbols(a);n&&(t=t.filter(function(r){return Object.getOwnPropertyDescriptor(a,r).enumerable})),e.push.apply(e,t)}return e}function $(a){for(var n=1;n<arguments.length;n++){var e=arguments[n]!=null?arguments[n]:{};n%2?to(Object(e),!0).forEach(function(t){R(a,t,e[t])}):Object.getOwnPropertyDescriptors?Object.defineProperties(a,Object.getOwnPropertyDescriptors(e)):to(Object(e)).forEach(function(t){Object.defineProperty(a,t,Object.getOwnPropertyDescriptor(e,t))})}return a}function ne(a,n){if(!(a instanceof n))throw new TypeError("Cannot call a class as a function")}function no(a,n){for(var e=0;e<n.length;e++){var t=n[e];t.enumerable=t.enumerable||!1,t.configurable=!0,"value"in t&&(t.writable=!0),Object.defineProperty(a,ao(t.key),t)}}function ae(a,n,e){return n&&no(a.prototype,n),e&&no(a,e),Object.defineProperty(a,"prototype",{writable:!1}),a}function Gt(a){return Gt=Object.setPrototypeOf?Object.getPrototypeOf.bind():function(n){return n.__proto__||Object.getPrototypeOf(n)},Gt(a)}function ro(){try{var a=!Boolean.prototype.valueOf.call(Reflect.construct(Boolean,[],function(){}))}catch{}return(ro=function(){return!!a})()}function vd(a){if(a===void 0)throw new ReferenceError("this hasn't been initialised - super() hasn't been called");return a}function pd(a,n){if(n&&(typeof n=="object"||typeof n=="function"))return n;if(n!==void 0)throw new TypeError("Derived constructors may only return object or undefined");return vd(a)}function pe(a,n,e){return n=Gt(n),pd(a,ro()?Reflect.construct(n,e||[],Gt(a).constructor):n.apply(a,e))}function pr(a,n){return pr=Object.setPrototypeOf?Object.setPrototypeOf.bind():function(e,t){return e.__proto__=t,e},pr(a,n)}function me(a,n){if(typeof n!="function"&&n!==null)throw new TypeError("Super expression must either be null or a function");a.prototype=Object.create(n&&n.prototype,{constructor:{value:a,writable:!0,configurable:!0}}),Object.defineProperty(a,"prototype",{writable:!1}),n&&pr(a,n)}function md(a){if(Array.isArray(a))return pa(a)}function yd(a){if(typeof Symbol<"u"&&a[Symbol.iterator]!=null||a["@@iterator"]!=null)return Array.from(a)}function bd(){throw new TypeError(`Invalid attempt to spread non-iterable instance.
In order to be iterable, non-array objects must have a [Symbol.iterator]() method.`)}function Q(a){return md(a)||yd(a)||ma(a)||bd()}function ie(a){"@babel/helpers - typeof";return ie=typeof Symbol=="function"&&typeof Symbol.iterator=="symbol"?function(n){return typeof n}:function(n){return n&&typeof Symbol=="function"&&n.constructor===Symbol&&n!==Symbol.prototype?"symbol":typeof n},ie(a)}function at(a){return ie(a)==="object"&&a!==null&&"attribute"in a}function mr(){var a=`
float sdf_circle(vec2 uv, float size) {
  return length(uv) - size;
}
`;return{name:"circle",glsl:a,uniforms:[]}}function yr(a){var n,e=WebGL2RenderingContext,t=e.UNSIGNED_BYTE,r=(n=a?.color)!==null&&n!==void 0?n:{attribute:"color"};if(!at(r)){var i=r,o=`
vec4 layer_fill() {
  return `.concat(eo(i),`;
}
`);return{name:"fill",uniforms:[],attributes:[],glsl:o}}var s=r.attribute,l=`
vec4 layer_fill(vec4 v_fillColor) {
  return v_fillColor;
}
`;return{name:"fill",uniforms:[],attributes:[{name:"fillColor",size:4,type:t,normalized:!0,source:s}],glsl:l}}function io(a,n){if(typeof a=="string"){var e=Qi(a).map(function(u){return u.toFixed(6)}),t=oe(e,4),r=t[0],i=t[1],o=t[2],s=t[3];return{glsl:"vec4(".concat(r,", ").concat(i,", ").concat(o,", ").concat(s,")"),attributes:[],needsNodeColors:!1}}if("node"in a&&a.node)return{glsl:a.node==="source"?"v_sourceColor":"v_targetColor",attributes:[],needsNodeColors:!0};var l=a;return{glsl:"v_".concat(n),attributes:[{name:"a_".concat(n),size:4,type:WebGL2RenderingContext.UNSIGNED_BYTE,normalized:!0,source:l.attribute,defaultValue:l.default}],needsNodeColors:!1}}function _t(a){var n=a?.color;if(n===void 0){var e=`
// Plain solid color layer
vec4 layer_plain(EdgeContext ctx) {
  return v_color;
}
`;return{name:"plain",glsl:e,uniforms:[],attributes:[]}}var t=io(n,"plainColor"),r=`
// Plain solid color layer
vec4 layer_plain(EdgeContext ctx) {
  return `.concat(t.glsl,`;
}
`);return{name:"plain",glsl:r,uniforms:[],attributes:t.attributes,needsNodeColors:t.needsNodeColors}}function Dn(){var a=`
// Position at parameter t \u2208 [0, 1]
vec2 path_straight_position(float t, vec2 source, vec2 target) {
  return mix(source, target, t);
}

// Total length of the path (analytical - more efficient than sampling)
float path_straight_length(vec2 source, vec2 target) {
  return length(target - source);
}
`;return{name:"straight",segments:1,minBodyLengthRatio:0,linearParameterization:!0,glsl:a,uniforms:[],attributes:[]}}function br(a){var n=a??{},e=n.segments,t=e===void 0?32:e,r=`
const float LOOP_PI = 3.141592653589793;

float loopWorldRadius() {
  float nodeWorldRadius = v_sourceNodeSize * u_correctionRatio / u_sizeRatio;
  return max(v_loopRadius * nodeWorldRadius, 0.001);
}

// Cubic B\xE9zier with P0 = P3 = source.
// Control points extend outward orthogonal to the node surface at exit/entry angles.
vec2 path_loop_position(float t, vec2 source, vec2 target) {
  float R = loopWorldRadius();
  float angle = v_loopAngle + (v_loopFixedOrientation > 0.5 ? u_cameraAngle : 0.0);
  float halfSpread = v_loopSpread * 0.5;

  float exitAngle = angle - halfSpread;
  float entryAngle = angle + halfSpread;

  // Control point distance: at t=0.5 the B\xE9zier reaches 0.75 * cpDist * cos(halfSpread)
  // from source. Solve for cpDist so the loop tip reaches exactly R.
  float cpDist = R / (0.75 * cos(halfSpread));

  vec2 cp1 = source + cpDist * vec2(cos(exitAngle), sin(exitAngle));
  vec2 cp2 = source + cpDist * vec2(cos(entryAngle), sin(entryAngle));

  float u = 1.0 - t;
  vec2 d1 = cp1 - source;
  vec2 d2 = cp2 - source;
  return source + 3.0 * t * u * (u * d1 + t * d2);
}

// Approximate arc length via chord sampling
float path_loop_length(vec2 source, vec2 target) {
  float len = 0.0;
  vec2 prev = path_loop_position(0.0, source, target);
  const int STEPS = 16;
  for (int i = 1; i <= STEPS; i++) {
    float t = float(i) / float(STEPS);
    vec2 cur = path_loop_position(t, source, target);
    len += length(cur - prev);
    prev = cur;
  }
  return len;
}
`;return{name:"loop",segments:t,glsl:r,needsNodeSize:!0,uniforms:[],attributes:[{name:"loopRadius",size:1,type:WebGL2RenderingContext.FLOAT},{name:"loopAngle",size:1,type:WebGL2RenderingContext.FLOAT},{name:"loopSpread",size:1,type:WebGL2RenderingContext.FLOAT},{name:"loopFixedOrientation",size:1,type:WebGL2RenderingContext.FLOAT}],variables:{loopRadius:{type:"number",default:4},loopAngle:{type:"number",default:Math.PI/4},loopSpread:{type:"number",default:80*Math.PI/180},loopFixedOrientation:{type:"number",default:0}},spread:{variable:"loopRadius",compute:function(o){return o+4}}}}var lo=Qe(Ft());function _r(a){return ie(a)==="object"&&"glsl"in a&&!("attributes"in a)}function xr(a){return ie(a)==="object"&&"glsl"in a&&!("attributes"in a)}var sn={shapes:[mr()],variables:{},layers:[yr()],label:{},backdrop:{},labelAttachments:{}},zt={paths:[Dn(),br()],extremities:[],variables:{},layers:[_t()],defaultHead:"none",defaultTail:"none",label:{}},Ln=["nodes","topNodes"],Cn=["edges","topEdges"],kn=[].concat(Cn,Ln),ln={nodes:sn,edges:zt,depthLayers:Q(kn)};var _d=function(n){return n},xd=function(n){return n*n},Td=function(n){return n*(2-n)},Ed=function(n){return(n*=2)<1?.5*n*n:-.5*(--n*(n-2)-1)},Sd=function(n){return n*n*n},wd=function(n){return--n*n*n+1},Ad=function(n){return(n*=2)<1?.5*n*n*n:.5*((n-=2)*n*n+2)},Rd=function(n){return n===0?0:Math.pow(2,10*(n-1))},Dd=function(n){return n===1?1:1-Math.pow(2,-10*n)},Ld=function(n){return n===0?0:n===1?1:n<.5?Math.pow(2,10*(2*n-1))/2:(2-Math.pow(2,-10*(2*n-1)))/2},Tr={linear:_d,quadraticIn:xd,quadraticOut:Td,quadraticInOut:Ed,cubicIn:Sd,cubicOut:wd,cubicInOut:Ad,exponentialIn:Rd,exponentialOut:Dd,exponentialInOut:Ld};function ba(a){return a?typeof a=="function"?a:Tr[a]:Tr.linear}function Sr(a){return ie(a)==="object"&&a!==null&&"attribute"in a}function uo(a){return typeof a=="function"}function co(a){return ie(a)==="object"&&a!==null&&"when"in a&&typeof a.when=="function"&&"then"in a}function ho(a){return ie(a)==="object"&&a!==null&&"whenState"in a&&"then"in a}function fo(a){return ie(a)==="object"&&a!==null&&"whenData"in a&&"then"in a}var Cd={isHovered:!1,isLabelHovered:!1,isHidden:!1,isHighlighted:!1,isDragged:!1},kd={isHovered:!1,isLabelHovered:!1,isHidden:!1,isHighlighted:!1,parallelIndex:0,parallelCount:1},Pd={isIdle:!0,isPanning:!1,isZooming:!1,isDragging:!1,hasHovered:!1,hasHighlighted:!1};function go(a){return $($({},Cd),a)}function vo(a){return $($({},kd),a)}function wr(a){return $($({},Pd),a)}var Id={x:{attribute:"x"},y:{attribute:"y"},size:{whenState:"isHovered",then:{attribute:"size",defaultValue:12},else:{attribute:"size",defaultValue:10}},color:{attribute:"color",defaultValue:"#666"},label:{attribute:"label"},visibility:{whenState:"isHidden",then:"hidden",else:"visible"},labelVisibility:{whenState:"isHovered",then:"visible",else:"auto"},backdropVisibility:{whenState:"isHovered",then:"visible",else:"hidden"},backdropColor:"#ffffff",backdropShadowColor:"rgba(0, 0, 0, 0.5)",backdropShadowBlur:12,backdropPadding:6},Fd={size:{attribute:"size",defaultValue:1},color:{attribute:"color",defaultValue:"#ccc"},label:{attribute:"label"},visibility:{whenState:"isHidden",then:"hidden",else:"visible"}};var xa={nodes:$($({},Id),{},{depth:{whenState:"isHovered",then:"topNodes",else:"nodes"}}),edges:$($({},Fd),{},{depth:{whenState:["isHighlighted","isHovered"],then:"topEdges",else:"edges"}})};function Gd(a){return"min"in a||"max"in a||"minValue"in a||"maxValue"in a||"easing"in a}function zd(a){return"dict"in a}function Ta(a,n){return typeof a=="string"?n[a]===!0:Array.isArray(a)?a.every(function(e){return n[e]===!0}):ie(a)==="object"&&a!==null?Object.entries(a).every(function(e){var t=oe(e,2),r=t[0],i=t[1];return n[r]===i}):!1}function Nd(a,n){var e=n[a.attribute];return e===void 0?a.defaultValue:e}function Wd(a,n,e){var t,r,i,o,s=n[a.attribute];if(s===void 0)return a.defaultValue;var l=Number(s);if(isNaN(l))return a.defaultValue;if(a.min===void 0&&a.max===void 0)return l;var u=(t=a.minValue)!==null&&t!==void 0?t:l,d=(r=a.maxValue)!==null&&r!==void 0?r:l;if(d===u){var c;return(c=a.min)!==null&&c!==void 0?c:l}var h=(l-u)/(d-u);h=Math.max(0,Math.min(1,h));var f=ba(a.easing);h=f(h);var g=(i=a.min)!==null&&i!==void 0?i:0,p=(o=a.max)!==null&&o!==void 0?o:1;return g+h*(p-g)}function Od(a,n){var e=n[a.attribute];if(e===void 0)return a.defaultValue;var t=String(e);return t in a.dict?a.dict[t]:a.defaultValue}function Md(a,n,e){return zd(a)?Od(a,n):Gd(a)?Wd(a,n):Nd(a,n)}function po(a,n){return typeof a=="string"?!!n[a]:Array.isArray(a)?a.every(function(e){return!!n[e]}):ie(a)==="object"&&a!==null?Object.entries(a).every(function(e){var t=oe(e,2),r=t[0],i=t[1];return n[r]===i}):!1}function _a(a,n,e,t,r,i){if(a==null)return i;if(ie(a)!=="object"&&typeof a!="function")return a;if(co(a)){var o=a.when(n,e,t,r)?a.then:a.else;return o===void 0?i:_a(o,n,e,t,r,i)}if(ho(a)){var s=Ta(a.whenState,e)?a.then:a.else;return s===void 0?i:_a(s,n,e,t,r,i)}if(fo(a)){var l=po(a.whenData,n)?a.then:a.else;return l===void 0?i:_a(l,n,e,t,r,i)}if(uo(a)){var u=a(n,e,t,r);return u??i}if(Sr(a)){var d=Md(a,n);return d??i}return a}function et(a){if(a==null)return"static";if(co(a))return"graph-state";if(ho(a)){var n=et(a.then),e=a.else!==void 0?et(a.else):"static";return qe("item-state",qe(n,e))}if(fo(a)){var t=et(a.then),r=a.else!==void 0?et(a.else):"static";return qe(t,r)}return uo(a)?"graph-state":(Sr(a),"static")}function qe(a,n){return a==="graph-state"||n==="graph-state"?"graph-state":a==="item-state"||n==="item-state"?"item-state":"static"}function Ar(a){if(!a)return{dependency:"static",xAttribute:null,yAttribute:null};var n=Array.isArray(a)?a:[a],e="static",t=null,r=null,i=B(n),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;if("matchData"in s&&"cases"in s)for(var l=s.cases,u=0,d=Object.values(l);u<d.length;u++)for(var c=d[u],h=0,f=Object.values(c);h<f.length;h++){var g=f[h];e=qe(e,et(g))}else if("matchState"in s&&"cases"in s){e=qe(e,"item-state");for(var p=s.cases,m=0,v=Object.values(p);m<v.length;m++)for(var y=v[m],b=0,x=Object.values(y);b<x.length;b++){var _=x[b];e=qe(e,et(_))}}else if("when"in s&&"then"in s)e="graph-state";else if("whenState"in s){e=qe(e,"item-state");var E=s.then;if(E&&ie(E)==="object")for(var w=0,A=Object.values(E);w<A.length;w++){var S=A[w];e=qe(e,et(S))}var L=s.else;if(L&&ie(L)==="object")for(var G=0,C=Object.values(L);G<C.length;G++){var N=C[G];e=qe(e,et(N))}}else if("whenData"in s){var k=s.then;if(k&&ie(k)==="object")for(var I=0,W=Object.values(k);I<W.length;I++){var P=W[I];e=qe(e,et(P))}var T=s.else;if(T&&ie(T)==="object")for(var F=0,M=Object.values(T);F<M.length;F++){var z=M[F];e=qe(e,et(z))}}else for(var D=0,q=Object.entries(s);D<q.length;D++){var j=oe(q[D],2),Z=j[0],Re=j[1];if(!Dr.has(Z)&&(e=qe(e,et(Re)),(Z==="x"||Z==="y")&&Sr(Re))){var ce=Re.attribute;Z==="x"&&!t&&(t=ce),Z==="y"&&!r&&(r=ce)}}}}catch(K){i.e(K)}finally{i.f()}return{dependency:e,xAttribute:t,yAttribute:r}}var ft={size:10,color:"#666",opacity:1,shape:"circle",rotationAlignment:"viewport",labelRotationAlignment:"viewport",visibility:"visible",depth:"nodes",zIndex:0,label:"",labelColor:"#000",labelSize:12,labelFont:"sans-serif",labelVisibility:"auto",labelPosition:"right",labelAngle:0,labelDepth:"nodes",backdropVisibility:"hidden",backdropColor:"transparent",backdropShadowColor:"transparent",backdropShadowBlur:0,backdropPadding:0,backdropBorderColor:"transparent",backdropBorderWidth:0,backdropCornerRadius:0,backdropLabelPadding:-1,backdropArea:"both",labelAttachment:null,labelAttachmentPlacement:"below"},Rr={size:1,color:"#ccc",opacity:1,path:"straight",selfLoopPath:"loop",parallelSpread:.25,tail:"none",head:"none",visibility:"visible",depth:"edges",zIndex:0,label:"",labelColor:"#666",labelVisibility:"auto",labelDepth:"edges"},Dr=new Set(["when","whenState","whenData","then","else"]),oo=Object.keys(ft),Bd=Object.values(ft),so=Object.keys(Rr),Ud=Object.values(Rr);function un(a,n,e,t,r,i,o){for(var s in n){var l;if(!Dr.has(s)){var u=(l=a[s])!==null&&l!==void 0?l:o[s];a[s]=_a(n[s],e,t,r,i,u)}}"depth"in n&&!("labelDepth"in n)&&(a.labelDepth=a.depth)}function mo(a,n,e,t,r,i,o){var s=B(n),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;if("matchData"in u&&"cases"in u){var d,c=String((d=e[u.matchData])!==null&&d!==void 0?d:""),h=u.cases;c in h&&un(a,h[c],e,t,r,i,o)}else if("matchState"in u&&"cases"in u){var f,g=String((f=t[u.matchState])!==null&&f!==void 0?f:""),p=u.cases;g in p&&un(a,p[g],e,t,r,i,o)}else if("when"in u&&"then"in u){var m=u.when;if(!m(e,t,r,i))continue;un(a,u.then,e,t,r,i,o)}else if("whenState"in u&&"then"in u){if(!Ta(u.whenState,t))continue;un(a,u.then,e,t,r,i,o)}else if("whenData"in u&&"then"in u){if(!po(u.whenData,e))continue;un(a,u.then,e,t,r,i,o)}else un(a,u,e,t,r,i,o)}}catch(v){s.e(v)}finally{s.f()}}function Lr(a,n,e,t,r,i){for(var o=i||{},s=o,l=0,u=oo.length;l<u;l++)s[oo[l]]=Bd[l];if(s.x=void 0,s.y=void 0,s.labelBackgroundColor=void 0,s.labelBackgroundPadding=void 0,s.labelCursor=void 0,!a){var d,c,h,f,g;return s.x=(d=n.x)!==null&&d!==void 0?d:0,s.y=(c=n.y)!==null&&c!==void 0?c:0,o.size=(h=n.size)!==null&&h!==void 0?h:10,o.color=(f=n.color)!==null&&f!==void 0?f:"#666",o.label=(g=n.label)!==null&&g!==void 0?g:"",o}var p=Array.isArray(a)?a:[a];return mo(s,p,n,e,t,r,ft),o}function Cr(a,n,e,t,r,i){for(var o=i||{},s=o,l=0,u=so.length;l<u;l++)s[so[l]]=Ud[l];if(!a){var d,c,h;return o.size=(d=n.size)!==null&&d!==void 0?d:1,o.color=(c=n.color)!==null&&c!==void 0?c:"#ccc",o.label=(h=n.label)!==null&&h!==void 0?h:"",o}var f=Array.isArray(a)?a:[a];return mo(s,f,n,e,t,r,Rr),typeof s.labelPosition=="number"&&(s.labelPosition=void 0),o}function Hd(a,n,e){var t,r;if(a==null)return e;if(typeof a=="function")return(t=a(n))!==null&&t!==void 0?t:e;if(ie(a)==="object"&&"when"in a){var i,o=a,s=o.when(n),l=s?o.then:o.else;return l===void 0?e:typeof l=="function"?(i=l(n))!==null&&i!==void 0?i:e:l??e}if(ie(a)==="object"&&"whenState"in a){var u,d=a,c=Ta(d.whenState,n),h=c?d.then:d.else;return h===void 0?e:typeof h=="function"?(u=h(n))!==null&&u!==void 0?u:e:h??e}return(r=a)!==null&&r!==void 0?r:e}function kr(a,n){var e={};if(!a)return e;var t=Array.isArray(a)?a:[a],r=B(t),i;try{for(r.s();!(i=r.n()).done;){var o=i.value;if("when"in o&&"then"in o){var s=o.when(n),l=s?o.then:o.else;l&&ie(l)==="object"&&Er(e,l,n)}else if("whenState"in o&&"then"in o){var u=Ta(o.whenState,n),d=u?o.then:o.else;d&&ie(d)==="object"&&Er(e,d,n)}else Er(e,o,n)}}catch(c){r.e(c)}finally{r.f()}return e}function Er(a,n,e){for(var t=0,r=Object.entries(n);t<r.length;t++){var i=oe(r[t],2),o=i[0],s=i[1];Dr.has(o)||(a[o]=Hd(s,e))}}var Ea=(function(a){function n(){var e;return ne(this,n),e=pe(this,n),e.rawEmitter=e,e}return me(n,a),ae(n)})(lo.EventEmitter);var yo=ln;function Pr(a,n){var e=n.size;if(e!==0){var t=a.length;a.length+=e;var r=0;n.forEach(function(i){a[t+r]=i,r++})}}function bo(a){a=a||{};for(var n=0,e=arguments.length<=1?0:arguments.length-1;n<e;n++){var t=n+1<1||arguments.length<=n+1?void 0:arguments[n+1];t&&Object.assign(a,t)}return a}function dn(a,n){for(var e in n)if(Object.prototype.hasOwnProperty.call(n,e)&&n[e]!==a[e])return!0;return!1}function _o(a,n){var e=a,t=n;for(var r in e)if(Object.prototype.hasOwnProperty.call(e,r)&&e[r]!==t[r])return!1;for(var i in t)if(Object.prototype.hasOwnProperty.call(t,i)&&t[i]!==e[i])return!1;return!0}function Nt(a,n,e){e?a.add(n):a.delete(n)}var To=Qe(Wt());var Eo={easing:"quadraticInOut",duration:150};function xt(a){return a.labelVisibility==="visible"&&a.visibility!=="hidden"}function Ir(a){return a.backdropVisibility==="visible"&&a.visibility!=="hidden"}function Sa(a){return[a.rotationAlignment==="graph"?1:0,a.labelRotationAlignment==="graph"?1:0]}function Fr(a,n,e){var t=a[n];if(t)for(var r=0;r<t.length;r++){var i=t[r];if(!(e<i.offset||e>=i.offset+i.count)){if(i.count===1)t.splice(r,1);else if(e===i.offset)i.offset++,i.count--;else if(e===i.offset+i.count-1)i.count--;else{var o=e+1,s=i.offset+i.count-o;i.count=e-i.offset,t.splice(r+1,0,{offset:o,count:s})}return}}}function Gr(a,n,e){if(!a[n]){a[n]=[{offset:e,count:1}];return}for(var t=a[n],r=t.length,i=0;i<t.length;i++)if(e<t[i].offset){r=i;break}var o=r>0?t[r-1]:null,s=r<t.length?t[r]:null,l=o&&o.offset+o.count===e,u=s&&e+1===s.offset;l&&u?(o.count+=1+s.count,t.splice(r,1)):l?o.count++:u?(s.offset--,s.count++):t.splice(r,0,{offset:e,count:1})}function So(a){if(!(0,To.default)(a))throw new Error("Sigma: invalid graph instance.")}function wa(a){var n=oe(a.x,2),e=n[0],t=n[1],r=oe(a.y,2),i=r[0],o=r[1],s=Math.max(t-e,o-i),l=(t+e)/2,u=(o+i)/2;(s===0||Math.abs(s)===1/0||isNaN(s))&&(s=1),isNaN(l)&&(l=0),isNaN(u)&&(u=0);var d=function(h){return{x:.5+(h.x-l)/s,y:.5+(h.y-u)/s}};return d.applyTo=function(c){c.x=.5+(c.x-l)/s,c.y=.5+(c.y-u)/s},d.inverse=function(c){return{x:l+s*(c.x-.5),y:u+s*(c.y-.5)}},d.ratio=s,d}var Aa={hideEdgesOnMove:!1,hideLabelsOnMove:!1,renderLabels:!0,renderEdgeLabels:!1,edgeLabelAnchors:"nodeLabels",enableEdgeEvents:!1,nodeLabelEvents:!1,edgeLabelEvents:!1,pickingDownSizingRatio:2,nodePickingPadding:0,edgePickingPadding:4,labelPickingPadding:10,stagePadding:30,minEdgeThickness:1.7,antiAliasingFeather:1,antialiasEdges:!0,antialiasNodes:!0,dragTimeout:100,draggedEventsTolerance:3,inertiaDuration:200,inertiaRatio:3,zoomDuration:250,zoomingRatio:1.7,doubleClickTimeout:300,doubleClickZoomingRatio:2.2,doubleClickZoomingDuration:200,tapMoveTolerance:10,zoomToSizeRatioFunction:Math.sqrt,itemSizesReference:"positions",autoRescale:!0,autoRescaleContent:"positions",enableNodeDrag:!1,getDraggedNodes:function(n){return[n]},dragPositionToAttributes:null,labelDensity:1,labelGridCellSize:100,labelRenderedSizeThreshold:6,labelPixelSnapping:!0,minCameraRatio:null,maxCameraRatio:null,enableCameraZooming:!0,enableCameraPanning:!0,enableCameraRotation:!0,enableCameraMouseRotation:!0,cameraPanBoundaries:null,gestureTarget:"graph",sharedGestureWheelMessage:"Use Ctrl + scroll to zoom the graph",sharedGestureAppleWheelMessage:"Use \u2318 + scroll to zoom the graph",sharedGestureTouchMessage:"Use two fingers to move the graph",allowInvalidContainer:!1,DEBUG_displayPickingLayer:!1,DEBUG_logShaders:!1,DEBUG_logRenderStats:!1,DEBUG_gpuTimerQueries:!1};function Ra(a){if(typeof a.labelDensity!="number"||a.labelDensity<0)throw new Error("Settings: invalid `labelDensity`. Expecting a positive number.");var n=a.minCameraRatio,e=a.maxCameraRatio;if(typeof n=="number"&&typeof e=="number"&&e<n)throw new Error("Settings: invalid camera ratio boundaries. Expecting `maxCameraRatio` to be greater than `minCameraRatio`.")}function wo(a){return bo({},Aa,a)}var $d=new Set(["italic","oblique"]),Vd=new Set(["bold","bolder","lighter"]);function Da(a){for(var n="normal",e="normal",t=a.trim(),r=t.split(/\s+/),i=0,o=0;o<r.length;o++){var s=r[o].toLowerCase();if($d.has(s))e=s,i=o+1;else if(Vd.has(s)||/^\d{3}$/.test(s))n=s,i=o+1;else if(s==="normal")i=o+1;else break}var l=r.slice(i).join(" ");return{family:l||t,weight:n,style:e}}function cn(a,n,e){var t=document.createElement(a);if(n)for(var r in n)t.style[r]=n[r];if(e)for(var i in e)t.setAttribute(i,e[i]);return t}function Pn(){return typeof window.devicePixelRatio<"u"?window.devicePixelRatio:1}var Go=Qe(Ft());function jd(a){var n=a.type===WebGL2RenderingContext.FLOAT&&!a.normalized,e=a.type===WebGL2RenderingContext.UNSIGNED_BYTE&&a.size===4&&a.normalized;if(!n&&!e)throw new Error('Attribute "'.concat(a.name,'" is invalid: only non-normalized FLOAT and normalized UNSIGNED_BYTE with size 4 are supported.'));return a.normalized?1:a.size}function zr(a){var n=0;return a.forEach(function(e){return n+=jd(e)}),n}function zo(a,n,e){var t=a==="VERTEX"?n.VERTEX_SHADER:n.FRAGMENT_SHADER,r=n.createShader(t);if(r===null)throw new Error("loadShader: error while creating the shader");n.shaderSource(r,e),n.compileShader(r);var i=n.getShaderParameter(r,n.COMPILE_STATUS);if(!i){var o=n.getShaderInfoLog(r);throw n.deleteShader(r),new Error(`loadShader: error while compiling the shader:
`.concat(o,`
`).concat(e))}return r}function Wr(a,n){return zo("VERTEX",a,n)}function Or(a,n){return zo("FRAGMENT",a,n)}function Mr(a,n){var e=a.createProgram();if(e===null)throw new Error("loadProgram: error while creating the program.");var t,r;for(t=0,r=n.length;t<r;t++)a.attachShader(e,n[t]);a.linkProgram(e);var i=a.getProgramParameter(e,a.LINK_STATUS);if(!i){var o=a.getProgramInfoLog(e);throw a.deleteProgram(e),new Error("loadProgram: error while linking the program: ".concat(o))}return e}function Ao(a){var n=a.gl,e=a.buffer,t=a.program,r=a.vertexShader,i=a.fragmentShader;n.deleteShader(r),n.deleteShader(i),n.deleteProgram(t),n.deleteBuffer(e)}function Te(a){return a%1===0?a.toFixed(1):a.toString()}var Fa=new Map,No=new Map,qd=0;function Wo(a,n){var e,t=(e=a.variables)===null||e===void 0||(e=e[n.source||n.name.replace(/^a_/,"")])===null||e===void 0?void 0:e.default,r=typeof t=="number"?t:typeof n.defaultValue=="number"?n.defaultValue:0;return Te(r)}function Ga(a,n,e){var t,r=arguments.length>3&&arguments[3]!==void 0?arguments[3]:function(o){return"v_".concat(o.name.replace(/^a_/,""))},i=[n,e].concat(Q(a.uniforms.filter(function(o){return o.type==="float"}).map(function(o){var s;return Te((s=o.value)!==null&&s!==void 0?s:0)})),Q(((t=a.attributes)!==null&&t!==void 0?t:[]).map(r)));return"sdf_".concat(a.name,"(").concat(i.join(", "),")")}function Xd(a){var n,e=a.name,t=a.uniforms.filter(function(o){return o.type==="float"&&o.value!==void 0&&o.value!==0}).map(function(o){return"".concat(o.name.replace("u_",""),"=").concat(o.value)}).sort(),r=((n=a.attributes)!==null&&n!==void 0?n:[]).map(function(o){var s;return"".concat(o.name,"@").concat((s=o.source)!==null&&s!==void 0?s:"","=").concat(Wo(a,o))}),i=[].concat(Q(t),Q(r));return i.length>0&&(e+="#"+i.join("#")),e}function Yd(a){var n=Xd(a);if(!Fa.has(n)){var e={},t=B(a.uniforms),r;try{for(t.s();!(r=t.n()).done;){var i=r.value;i.type==="float"&&i.value!==void 0&&(e[i.name]=i.value)}}catch(o){t.e(o)}finally{t.f()}Fa.set(n,{shape:a,uniformValues:e,slug:n}),No.set(n,qd++)}return n}function Nn(a){var n;return(n=No.get(a))!==null&&n!==void 0?n:-1}function Oo(a){var n=[],e=new Set,t=new Set,r=/mat2 rotate2D\(float angle\)\s*\{[^}]+\}/,i=B(a),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;if(!t.has(s.name)){t.add(s.name);var l=s.glsl;r.test(l)&&(e.has("rotate2D")?l=l.replace(r,""):e.add("rotate2D")),n.push(l)}}}catch(u){i.e(u)}finally{i.f()}return n.join(`
`)}function Kd(){return Oo(Array.from(Fa.values()).map(function(a){return a.shape}))}function Zd(a){var n=Array.from(Fa.entries());if(n.length===0)return`
float querySDF(int shapeId, vec2 uv, float size) {
  return length(uv) - size;
}
`;var e=n.map(function(t,r){var i=oe(t,2),o=i[0],s=i[1].shape,l=Ga(s,"uv","size",function(u){var d=u.name.replace(/^a_/,"");return a!=null&&a.has(d)?"g_".concat(d):Wo(s,u)});return"    case ".concat(r,": return ").concat(l,"; // ").concat(o)}).join(`
`);return`
float querySDF(int shapeId, vec2 uv, float size) {
  switch (shapeId) {
`.concat(e,`
    default: return length(uv) - size;
  }
}
`)}function Br(a){return Oo(a)}function Wn(a){return Q(new Map(a.flatMap(function(n){return n.uniforms}).map(function(n){return[n.name,n]})).values())}function Qd(a,n){if(a.length===0)return`
void queryNodeSDF(int shapeId, vec2 uv, float size) {
  context.sdf = length(uv) - size;
  context.inradiusFactor = 1.0;
}
`;var e=function(c){return Ga(c,"uv","size")},t=function(c){var h,f;return(h=c.inradiusFactorGLSL)!==null&&h!==void 0?h:Te((f=c.inradiusFactor)!==null&&f!==void 0?f:1)};if(a.length===1){var r=a[0];return`
void queryNodeSDF(int shapeId, vec2 uv, float size) {
  context.sdf = `.concat(e(r),`;
  context.inradiusFactor = `).concat(t(r),`;
}
`)}var i=a.map(function(d,c){return"    case ".concat(c,": // ").concat(d.name,`
      context.sdf = `).concat(e(d),`;
      context.inradiusFactor = `).concat(t(d),`;
      break;`)}).join(`
`),o=a[0],s="",l="shapeId";if(n&&n.length>1){var u=n.map(function(d,c){return"    case ".concat(d,": return ").concat(c,"; // ").concat(a[c].name)}).join(`
`);s=`
int globalToLocalShapeId(int globalId) {
  switch (globalId) {
`.concat(u,`
    default: return 0;
  }
}
`),l="globalToLocalShapeId(shapeId)"}return"".concat(s,`
void queryNodeSDF(int shapeId, vec2 uv, float size) {
  switch (`).concat(l,`) {
`).concat(i,`
    default:
      context.sdf = `).concat(e(o),`;
      context.inradiusFactor = `).concat(t(o),`;
  }
}
`)}var fn={right:0,left:1,above:2,below:3,over:4},gn=5,Ur=3,Mo=`
float matrixScaleX = length(vec2(u_matrix[0][0], u_matrix[1][0]));
float nodeRadiusGraphSpace = nodeSize * u_correctionRatio / u_sizeRatio * 2.0;
float nodeRadiusNDC = nodeRadiusGraphSpace * matrixScaleX;
float nodeRadiusPixels = nodeRadiusNDC * u_resolution.x / 2.0;
`,Jd=`
mat2 rotate2D(float angle) {
  float c = cos(angle);
  float s = sin(angle);
  return mat2(c, -s, s, c);
}
`,Bo=`
vec2 getLabelDirection(float positionMode) {
  if (positionMode < 0.5) return vec2(1.0, 0.0);   // Right
  if (positionMode < 1.5) return vec2(-1.0, 0.0);  // Left
  if (positionMode < 2.5) return vec2(0.0, -1.0);  // Above
  if (positionMode < 3.5) return vec2(0.0, 1.0);   // Below
  return vec2(0.0);                                 // Over (centered)
}
`,ec=`
float sdfBox(vec2 p, vec2 halfSize) {
  vec2 d = abs(p) - halfSize;
  return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
}
`,tc=`
float sdfRotatedBox(vec2 p, vec2 halfSize, float angle) {
  float c = cos(-angle);
  float s = sin(-angle);
  vec2 rotatedP = mat2(c, -s, s, c) * p;
  return sdfBox(rotatedP, halfSize);
}
`,nc=`
float sdfRoundedBox(vec2 p, vec2 halfSize, float radius) {
  vec2 d = abs(p) - halfSize + radius;
  return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0) - radius;
}
`,ac=`
float sdfRoundedRotatedBox(vec2 p, vec2 halfSize, float angle, float radius) {
  float c = cos(-angle);
  float s = sin(-angle);
  vec2 rotatedP = mat2(c, -s, s, c) * p;
  return sdfRoundedBox(rotatedP, halfSize, radius);
}
`,Uo=`
vec2 labelBoxCenter(float positionMode, float labelStart, vec2 halfSize, float textHalfY) {
  if (positionMode < 0.5) return vec2(labelStart + halfSize.x, 0.0);    // right
  if (positionMode < 1.5) return vec2(-(labelStart + halfSize.x), 0.0); // left
  if (positionMode < 2.5) return vec2(0.0, -(labelStart + textHalfY));  // above
  if (positionMode < 3.5) return vec2(0.0, labelStart + textHalfY);     // below
  return vec2(0.0);                                                     // over
}
`,Hr=2,gt=`
vec4 readNodeData(sampler2D nodeDataTexture, int nodeDataTextureWidth, int nodeIndex) {
  int t = nodeIndex * `.concat(Hr,`;
  ivec2 coord = ivec2(t % nodeDataTextureWidth, t / nodeDataTextureWidth);
  return texelFetch(nodeDataTexture, coord, 0);
}
`),Mt=`
vec4 readNodeFlags(sampler2D nodeDataTexture, int nodeDataTextureWidth, int nodeIndex) {
  int t = nodeIndex * `.concat(Hr,` + 1;
  ivec2 coord = ivec2(t % nodeDataTextureWidth, t / nodeDataTextureWidth);
  return texelFetch(nodeDataTexture, coord, 0);
}
`),rc=`
vec4 readNodeColor(sampler2D nodeDataTexture, int nodeDataTextureWidth, int nodeIndex) {
  int t = nodeIndex * `.concat(Hr,` + 1;
  ivec2 coord = ivec2(t % nodeDataTextureWidth, t / nodeDataTextureWidth);
  vec4 texel = texelFetch(nodeDataTexture, coord, 0);
  float r = floor(texel.b / 65536.0);
  float g = floor(mod(texel.b, 65536.0) / 256.0);
  float b = mod(texel.b, 256.0);
  return vec4(r / 255.0, g / 255.0, b / 255.0, texel.a);
}
`),vn=`
vec4 readFrameTexel(sampler2D frameTexture, int frameTextureWidth, int index) {
  ivec2 coord = ivec2(index % frameTextureWidth, index / frameTextureWidth);
  return texelFetch(frameTexture, coord, 0);
}
`;function ic(a,n){var e=function(o){return Ga(o,"uv","size")};if(a.length===1)return{code:Ro(e(a[0])),multiShape:!1};var t=a.map(function(i,o){return"    case ".concat(n?n[o]:o,": return ").concat(e(i),";")}).join(`
`),r=`
float queryShapeSDF(int shapeId, vec2 uv, float size) {
  switch (shapeId) {
`.concat(t,`
    default: return `).concat(e(a[0]),`;
  }
}
int g_shapeId;
`).concat(Ro("queryShapeSDF(g_shapeId, uv, size)"),`
`);return{code:r,multiShape:!0}}function Ro(a){return`
float findEdgeDistance(vec2 direction, float size) {
  float lo = 0.0, hi = 2.0;
  for (int i = 0; i < 8; i++) {
    float mid = (lo + hi) * 0.5;
    vec2 uv = direction * mid;
    if (`.concat(a,` < 0.0) lo = mid; else hi = mid;
  }
  return (lo + hi) * 0.5;
}
`)}function oc(a,n){for(;!{}.hasOwnProperty.call(a,n)&&(a=Gt(a))!==null;);return a}function Nr(){return Nr=typeof Reflect<"u"&&Reflect.get?Reflect.get.bind():function(a,n,e){var t=oc(a,n);if(t){var r=Object.getOwnPropertyDescriptor(t,n);return r.get?r.get.call(arguments.length<3?a:e):r.value}},Nr.apply(null,arguments)}function Ae(a,n,e,t){var r=Nr(Gt(1&t?a.prototype:a),n,e);return 2&t&&typeof r=="function"?function(i){return r.apply(e,i)}:r}var sc=1024,lc=1.5,uc=4096,Ho=-1,za=(function(){function a(n,e){var t=arguments.length>2&&arguments[2]!==void 0?arguments[2]:sc;ne(this,a),R(this,"texture",null),R(this,"dirty",!1),R(this,"dirtyRangeStart",1/0),R(this,"dirtyRangeEnd",-1),R(this,"indexMap",new Map),R(this,"freeIndices",[]),R(this,"nextIndex",0),this.gl=n,this.TEXELS_PER_ITEM=e,this.capacity=this.roundUpToPowerOfTwo(t);var r=this.computeTextureDimensions(this.capacity);this.textureWidth=r.width,this.textureHeight=r.height,this.data=new Float32Array(this.textureWidth*this.textureHeight*4),this.createTexture()}return ae(a,[{key:"computeTextureDimensions",value:function(e){var t=e*this.TEXELS_PER_ITEM,r=Math.min(t,uc),i=Math.ceil(t/r);return{width:r,height:i}}},{key:"roundUpToPowerOfTwo",value:function(e){return Math.pow(2,Math.ceil(Math.log2(Math.max(1,e))))}},{key:"createTexture",value:function(){var e=this.gl;this.texture=e.createTexture(),e.activeTexture(e.TEXTURE0),e.bindTexture(e.TEXTURE_2D,this.texture),e.texImage2D(e.TEXTURE_2D,0,e.RGBA32F,this.textureWidth,this.textureHeight,0,e.RGBA,e.FLOAT,this.data),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_MIN_FILTER,e.NEAREST),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_MAG_FILTER,e.NEAREST),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_WRAP_S,e.CLAMP_TO_EDGE),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_WRAP_T,e.CLAMP_TO_EDGE),e.bindTexture(e.TEXTURE_2D,null)}},{key:"resize",value:function(e){if(!(e<=this.capacity)){var t=this.roundUpToPowerOfTwo(Math.ceil(e*lc)),r=this.gl,i=this.computeTextureDimensions(t),o=new Float32Array(i.width*i.height*4);o.set(this.data),this.texture&&r.deleteTexture(this.texture),this.data=o,this.capacity=t,this.textureWidth=i.width,this.textureHeight=i.height,this.createTexture(),this.dirty=!0,this.dirtyRangeStart=0,this.dirtyRangeEnd=this.nextIndex}}},{key:"allocate",value:function(e){var t=this.indexMap.get(e);if(t!==void 0)return t;var r;return this.freeIndices.length>0?r=this.freeIndices.pop():(r=this.nextIndex++,r>=this.capacity&&this.resize(r+1)),this.indexMap.set(e,r),r}},{key:"free",value:function(e){var t=this.indexMap.get(e);if(t!==void 0){this.indexMap.delete(e),this.freeIndices.push(t);for(var r=t*this.TEXELS_PER_ITEM*4,i=0;i<this.TEXELS_PER_ITEM*4;i++)this.data[r+i]=0;this.markDirty(t)}}},{key:"getIndex",value:function(e){var t;return(t=this.indexMap.get(e))!==null&&t!==void 0?t:-1}},{key:"has",value:function(e){return this.indexMap.has(e)}},{key:"markDirty",value:function(e){this.dirty=!0,this.dirtyRangeStart=Math.min(this.dirtyRangeStart,e),this.dirtyRangeEnd=Math.max(this.dirtyRangeEnd,e+1)}},{key:"upload",value:function(){if(!(!this.dirty||!this.texture)){var e=this.gl,t=this.textureWidth;e.activeTexture(e.TEXTURE0),e.bindTexture(e.TEXTURE_2D,this.texture);var r=this.dirtyRangeStart*this.TEXELS_PER_ITEM,i=Math.min(this.dirtyRangeEnd*this.TEXELS_PER_ITEM,this.capacity*this.TEXELS_PER_ITEM);if(r<i)for(var o=Math.floor(r/t),s=Math.floor((i-1)/t),l=o;l<=s;l++){var u=l*t,d=Math.min(u+t,this.capacity*this.TEXELS_PER_ITEM),c=Math.max(r,u),h=Math.min(i,d);if(c<h){var f=c-u,g=h-c,p=this.data.subarray(c*4,h*4);e.texSubImage2D(e.TEXTURE_2D,0,f,l,g,1,e.RGBA,e.FLOAT,p)}}e.bindTexture(e.TEXTURE_2D,null),this.dirty=!1,this.dirtyRangeStart=1/0,this.dirtyRangeEnd=-1}}},{key:"bind",value:function(e){var t=this.gl;t.activeTexture(t.TEXTURE0+e),t.bindTexture(t.TEXTURE_2D,this.texture)}},{key:"getTexture",value:function(){return this.texture}},{key:"getCapacity",value:function(){return this.capacity}},{key:"getTextureWidth",value:function(){return this.textureWidth}},{key:"getTextureHeight",value:function(){return this.textureHeight}},{key:"getTexelsPerItem",value:function(){return this.TEXELS_PER_ITEM}},{key:"getCount",value:function(){return this.indexMap.size}},{key:"getHighWaterMark",value:function(){return this.nextIndex}},{key:"isDirty",value:function(){return this.dirty}},{key:"clear",value:function(){this.indexMap.clear(),this.freeIndices=[],this.nextIndex=0,this.data.fill(0),this.dirty=!0,this.dirtyRangeStart=0,this.dirtyRangeEnd=this.capacity}},{key:"restore",value:function(){this.createTexture(),this.dirty=!1,this.dirtyRangeStart=1/0,this.dirtyRangeEnd=-1}},{key:"kill",value:function(){this.texture&&(this.gl.deleteTexture(this.texture),this.texture=null),this.indexMap.clear(),this.freeIndices=[]}}])})();function Xe(a){var n={},e={},t=0,r=B(a),i;try{for(r.s();!(i=r.n()).done;){var o=i.value,s=B(o.attributes),l;try{for(s.s();!(l=s.n()).done;){var u=l.value,d=u.name.replace(/^a_/,"");d in n||(n[d]=t,e[d]=u,t+=u.size)}}catch(c){s.e(c)}finally{s.f()}}}catch(c){r.e(c)}finally{r.f()}return{floatsPerItem:t,texelsPerItem:Math.max(1,Math.ceil(t/4)),offsets:n,specs:e}}var Na=(function(a){function n(e,t,r){var i;return ne(this,n),i=pe(this,n,[e,t.texelsPerItem,r]),i.floatsPerItem=t.floatsPerItem,i}return me(n,a),ae(n,[{key:"updateAllAttributes",value:function(t,r){var i=this.indexMap.get(t);i===void 0&&(i=this.allocate(t));for(var o=i*this.TEXELS_PER_ITEM*4,s=Math.min(r.length,this.floatsPerItem),l=0;l<s;l++)this.data[o+l]=r[l];this.markDirty(i)}},{key:"updateAllAttributesAtRow",value:function(t,r){t>=this.capacity&&this.resize(t+1);for(var i=t*this.TEXELS_PER_ITEM*4,o=Math.min(r.length,this.floatsPerItem),s=0;s<o;s++)this.data[i+s]=r[s];this.markDirty(t)}}])})(za);function Wa(a,n,e){for(var t=[],r=new Set,i=0;i<a.length;i++){var o=a[i],s=B(o.attributes),l;try{for(s.s();!(l=s.n()).done;){var u=l.value,d=u.name.replace(/^a_/,"");if(!r.has(d)){r.add(d);var c=n.offsets[d];if(c!==void 0){var h=e?.get(i);t.push({sourceKey:u.source||d,packedOffset:c,size:u.size,isColor:u.size===4&&!!u.normalized,defaultNum:typeof u.defaultValue=="number"?u.defaultValue:u.defaultValue===!0?1:0,defaultColor:typeof u.defaultValue=="string"?u.defaultValue:"",sourceIndex:i,hasLifecycleHook:!!(h!=null&&h.getAttributeData)})}}}}catch(f){s.e(f)}finally{s.f()}}return t}function Oa(a,n,e,t,r,i){e.fill(0);for(var o=0,s=a.length;o<s;o++){var l=a[o],u=l.packedOffset,d=void 0;if(l.hasLifecycleHook){var c=r.get(l.sourceIndex-i);d=c.getAttributeData(n,l.sourceKey),d===null&&(d=n[l.sourceKey])}else d=n[l.sourceKey];if(l.isColor){var h=typeof d=="string"?d:l.defaultColor||t,f=bt(h),g=oe(f,4),p=g[0],m=g[1],v=g[2],y=g[3];e[u]=p/255,e[u+1]=m/255,e[u+2]=v/255,e[u+3]=y/255}else if(l.size===1)e[u]=typeof d=="number"?d:typeof d=="boolean"?d?1:0:l.defaultNum;else{var b=Array.isArray(d)?d:null;if(b)for(var x=0;x<l.size;x++){var _;e[u+x]=(_=b[x])!==null&&_!==void 0?_:0}}}}var La=["r","g","b","a"];function hn(a,n){var e=a.offsets,t=a.specs,r=a.texelsPerItem,i=a.floatsPerItem,o=Object.keys(e);if(o.length===0||i===0)return{fetchCode:"",varyingAssignments:""};var s=n.varPrefix,l=n.baseTexelExpr,u=n.textureWidthUniform,d=n.textureSamplerUniform,c=n.outputPrefix,h=c===void 0?"v_":c,f=[];f.push("  int ".concat(s,"BaseTexel = ").concat(l,";")),f.push("");for(var g=0;g<r;g++)f.push("  ivec2 ".concat(s,"Coord").concat(g," = ivec2((").concat(s,"BaseTexel + ").concat(g,") % ").concat(u,", (").concat(s,"BaseTexel + ").concat(g,") / ").concat(u,");")),f.push("  vec4 ".concat(s,"Texel").concat(g," = texelFetch(").concat(d,", ").concat(s,"Coord").concat(g,", 0);"));f.push("");for(var p=[],m=function(){var x=y[v],_=t[x],E=e[x],w=Math.floor(E/4),A=E%4,S="".concat(s,"Texel").concat(w),L="".concat(s,"Texel").concat(w+1),G="".concat(s,"Fetched_").concat(x);if(_.size===1)f.push("  float ".concat(G," = ").concat(S,".").concat(La[A],";"));else if(_.size===4&&A===0)f.push("  vec4 ".concat(G," = ").concat(S,";"));else{var C=A+_.size;if(C<=4){var N="vec".concat(_.size),k=La.slice(A,C).join("");f.push("  ".concat(N," ").concat(G," = ").concat(S,".").concat(k,";"))}else{var I=_.size===4?"vec4":"vec".concat(_.size),W=La.slice(A).map(function(F){return"".concat(S,".").concat(F)}),P=La.slice(0,C-4).map(function(F){return"".concat(L,".").concat(F)}),T=[].concat(Q(W),Q(P)).join(", ");f.push("  ".concat(I," ").concat(G," = ").concat(I,"(").concat(T,");"))}}p.push("  ".concat(h).concat(x," = ").concat(G,";"))},v=0,y=o;v<y.length;v++)m();return{fetchCode:f.join(`
`),varyingAssignments:p.join(`
`)}}function $r(a,n,e){if(!(!n||e.type==="sampler2D"))switch(e.type){case"float":a.uniform1f(n,e.value);break;case"int":case"bool":a.uniform1i(n,e.value);break;case"vec2":a.uniform2fv(n,e.value);break;case"vec3":a.uniform3fv(n,e.value);break;case"vec4":a.uniform4fv(n,e.value);break;case"mat3":a.uniformMatrix3fv(n,!1,e.value);break;case"mat4":a.uniformMatrix4fv(n,!1,e.value);break}}var dc=R(R(R(R(R(R(R(R({},WebGL2RenderingContext.BOOL,1),WebGL2RenderingContext.BYTE,1),WebGL2RenderingContext.UNSIGNED_BYTE,1),WebGL2RenderingContext.SHORT,2),WebGL2RenderingContext.UNSIGNED_SHORT,2),WebGL2RenderingContext.INT,4),WebGL2RenderingContext.UNSIGNED_INT,4),WebGL2RenderingContext.FLOAT,4);function Ca(a){var n=a.match(/^(#version[^\n]*\n)/);return n?n[1]+`#define PICKING_MODE
`+a.slice(n[1].length):`#define PICKING_MODE
`+a}var Bt=(function(){function a(n,e,t){ne(this,a),R(this,"floats",new Float32Array),R(this,"ints",new Uint32Array),R(this,"constantArray",new Float32Array),R(this,"capacity",0),R(this,"verticesCount",0),R(this,"bufferGeneration",0),R(this,"uploadedGeneration",new Map),R(this,"constantBufferGeneration",0),R(this,"uploadedConstantGeneration",new Map),R(this,"renderOffset",0),R(this,"renderCount",-1),R(this,"debugStats",{drawCalls:0,verticesDrawn:0,bufferUploadBytes:0}),R(this,"shadersLogged",!1),R(this,"pickProgram",null);var r=this.getDefinition();if(this.VERTICES=r.VERTICES,this.VERTEX_SHADER_SOURCE=r.VERTEX_SHADER_SOURCE,this.FRAGMENT_SHADER_SOURCE=r.FRAGMENT_SHADER_SOURCE,this.UNIFORMS=r.UNIFORMS,this.ATTRIBUTES=r.ATTRIBUTES,this.METHOD=r.METHOD,this.CONSTANT_ATTRIBUTES="CONSTANT_ATTRIBUTES"in r?r.CONSTANT_ATTRIBUTES:[],this.CONSTANT_DATA="CONSTANT_DATA"in r?r.CONSTANT_DATA:[],this.isInstanced="CONSTANT_ATTRIBUTES"in r,this.ATTRIBUTES_ITEMS_COUNT=zr(this.ATTRIBUTES),this.STRIDE=this.VERTICES*this.ATTRIBUTES_ITEMS_COUNT,this.renderer=t,this.normalProgram=this.getProgramInfo("normal",n,r.VERTEX_SHADER_SOURCE,r.FRAGMENT_SHADER_SOURCE,null),this.pickProgram=this.getProgramInfo("pick",n,Ca(r.VERTEX_SHADER_SOURCE),Ca(r.FRAGMENT_SHADER_SOURCE),null),this.isInstanced){var i=zr(this.CONSTANT_ATTRIBUTES);if(this.CONSTANT_DATA.length!==this.VERTICES)throw new Error("Program: error while getting constant data (expected ".concat(this.VERTICES," items, received ").concat(this.CONSTANT_DATA.length," instead)"));this.constantArray=new Float32Array(this.CONSTANT_DATA.length*i);for(var o=0;o<this.CONSTANT_DATA.length;o++){var s=this.CONSTANT_DATA[o];if(s.length!==i)throw new Error("Program: error while getting constant data (one vector has ".concat(s.length," items instead of ").concat(i,")"));for(var l=0;l<s.length;l++)this.constantArray[o*i+l]=s[l]}this.STRIDE=this.ATTRIBUTES_ITEMS_COUNT}}return ae(a,[{key:"kill",value:function(){Ao(this.normalProgram),this.pickProgram&&Ao(this.pickProgram)}},{key:"resetDebugStats",value:function(){this.debugStats.drawCalls=0,this.debugStats.verticesDrawn=0,this.debugStats.bufferUploadBytes=0}},{key:"getProgramInfo",value:function(e,t,r,i,o){var s=t.createBuffer();if(s===null)throw new Error("Program: error while creating the WebGL buffer.");var l=Wr(t,r),u=Or(t,i),d=Mr(t,[l,u]),c={};this.UNIFORMS.forEach(function(g){var p=t.getUniformLocation(d,g);p&&(c[g]=p)});var h={};this.ATTRIBUTES.forEach(function(g){h[g.name]=t.getAttribLocation(d,g.name)});var f;if(this.isInstanced&&(this.CONSTANT_ATTRIBUTES.forEach(function(g){h[g.name]=t.getAttribLocation(d,g.name)}),f=t.createBuffer(),f===null))throw new Error("Program: error while creating the WebGL constant buffer.");return{name:e,program:d,gl:t,frameBuffer:o,buffer:s,constantBuffer:f||{},uniformLocations:c,attributeLocations:h,isPicking:e==="pick",vertexShader:l,fragmentShader:u}}},{key:"bindProgram",value:function(e){var t=this,r=0,i=e.gl,o=e.buffer;if(this.isInstanced){if(i.bindBuffer(i.ARRAY_BUFFER,e.constantBuffer),r=0,this.CONSTANT_ATTRIBUTES.forEach(function(d){return r+=t.bindAttribute(d,e,r,!1)}),this.uploadedConstantGeneration.get(e.constantBuffer)!==this.constantBufferGeneration){var l;i.bufferData(i.ARRAY_BUFFER,this.constantArray,i.STATIC_DRAW),this.uploadedConstantGeneration.set(e.constantBuffer,this.constantBufferGeneration),(l=this.renderer)!==null&&l!==void 0&&l.getSetting("DEBUG_logRenderStats")&&(this.debugStats.bufferUploadBytes+=this.constantArray.byteLength)}if(i.bindBuffer(i.ARRAY_BUFFER,e.buffer),r=this.renderOffset*this.ATTRIBUTES_ITEMS_COUNT*Float32Array.BYTES_PER_ELEMENT,this.ATTRIBUTES.forEach(function(d){return r+=t.bindAttribute(d,e,r,!0)}),this.uploadedGeneration.get(o)!==this.bufferGeneration){var u;i.bufferData(i.ARRAY_BUFFER,this.floats,i.DYNAMIC_DRAW),this.uploadedGeneration.set(o,this.bufferGeneration),(u=this.renderer)!==null&&u!==void 0&&u.getSetting("DEBUG_logRenderStats")&&(this.debugStats.bufferUploadBytes+=this.floats.byteLength)}}else if(i.bindBuffer(i.ARRAY_BUFFER,o),r=0,this.ATTRIBUTES.forEach(function(d){return r+=t.bindAttribute(d,e,r)}),this.uploadedGeneration.get(o)!==this.bufferGeneration){var s;i.bufferData(i.ARRAY_BUFFER,this.floats,i.DYNAMIC_DRAW),this.uploadedGeneration.set(o,this.bufferGeneration),(s=this.renderer)!==null&&s!==void 0&&s.getSetting("DEBUG_logRenderStats")&&(this.debugStats.bufferUploadBytes+=this.floats.byteLength)}i.bindBuffer(i.ARRAY_BUFFER,null)}},{key:"unbindProgram",value:function(e){var t=this;this.isInstanced?(this.CONSTANT_ATTRIBUTES.forEach(function(r){return t.unbindAttribute(r,e,!1)}),this.ATTRIBUTES.forEach(function(r){return t.unbindAttribute(r,e,!0)})):this.ATTRIBUTES.forEach(function(r){return t.unbindAttribute(r,e)})}},{key:"bindAttribute",value:function(e,t,r,i){var o=dc[e.type];if(typeof o!="number")throw new Error('Program.bind: yet unsupported attribute type "'.concat(e.type,'"'));var s=t.attributeLocations[e.name],l=t.gl;if(s!==-1){l.enableVertexAttribArray(s);var u=this.isInstanced?(i?this.ATTRIBUTES_ITEMS_COUNT:zr(this.CONSTANT_ATTRIBUTES))*Float32Array.BYTES_PER_ELEMENT:this.ATTRIBUTES_ITEMS_COUNT*Float32Array.BYTES_PER_ELEMENT;l.vertexAttribPointer(s,e.size,e.type,e.normalized||!1,u,r),this.isInstanced&&i&&l.vertexAttribDivisor(s,1)}return e.size*o}},{key:"unbindAttribute",value:function(e,t,r){var i=t.attributeLocations[e.name],o=t.gl;i!==-1&&(o.disableVertexAttribArray(i),this.isInstanced&&r&&o.vertexAttribDivisor(i,0))}},{key:"reallocate",value:function(e){e!==this.capacity&&(this.capacity=e,this.verticesCount=this.VERTICES*e,this.floats=new Float32Array(this.isInstanced?this.capacity*this.ATTRIBUTES_ITEMS_COUNT:this.verticesCount*this.ATTRIBUTES_ITEMS_COUNT),this.ints=new Uint32Array(this.floats.buffer),this.invalidateBuffers())}},{key:"invalidateBuffers",value:function(){this.bufferGeneration++,this.constantBufferGeneration++}},{key:"hasNothingToRender",value:function(){return this.verticesCount===0}},{key:"setTypedUniform",value:function(e,t){var r;$r(t.gl,(r=t.uniformLocations[e.name])!==null&&r!==void 0?r:null,e)}},{key:"renderProgram",value:function(e,t){var r=t.gl,i=t.program,o=t.isPicking;o?r.disable(r.BLEND):r.enable(r.BLEND),r.useProgram(i),this.setUniforms(e,t),this.drawWebGL(this.METHOD,t)}},{key:"render",value:function(e,t,r){var i;if(!this.shadersLogged&&(i=this.renderer)!==null&&i!==void 0&&i.getSetting("DEBUG_logShaders")&&(this.shadersLogged=!0,console.log("[sigma] DEBUG_logShaders: ".concat(this.constructor.name),{normal:{vertexShaderSource:this.VERTEX_SHADER_SOURCE,fragmentShaderSource:this.FRAGMENT_SHADER_SOURCE},pick:{vertexShaderSource:Ca(this.VERTEX_SHADER_SOURCE),fragmentShaderSource:Ca(this.FRAGMENT_SHADER_SOURCE)}})),!this.hasNothingToRender()){this.renderOffset=t??0,this.renderCount=r??-1;var o=this.normalProgram.gl;if(o.bindFramebuffer(o.FRAMEBUFFER,null),o.viewport(0,0,e.width*e.pixelRatio,e.height*e.pixelRatio),this.bindProgram(this.normalProgram),this.renderProgram(e,this.normalProgram),this.unbindProgram(this.normalProgram),this.pickProgram&&e.pickingFrameBuffer){var s=Math.ceil(e.width*e.pixelRatio/e.downSizingRatio),l=Math.ceil(e.height*e.pixelRatio/e.downSizingRatio);o.bindFramebuffer(o.FRAMEBUFFER,e.pickingFrameBuffer),o.viewport(0,0,s,l),this.bindProgram(this.pickProgram),this.renderProgram(e,this.pickProgram),this.unbindProgram(this.pickProgram),o.bindFramebuffer(o.FRAMEBUFFER,null),o.viewport(0,0,e.width*e.pixelRatio,e.height*e.pixelRatio)}}}},{key:"drawWebGL",value:function(e,t){var r,i=t.gl,o=this.renderCount>=0?this.renderCount:this.capacity;(r=this.renderer)!==null&&r!==void 0&&r.getSetting("DEBUG_logRenderStats")&&(this.debugStats.drawCalls++,this.debugStats.verticesDrawn+=o*this.VERTICES),this.isInstanced?i.drawArraysInstanced(e,0,this.VERTICES,o):i.drawArrays(e,this.renderOffset*this.VERTICES,o*this.VERTICES)}}])})(),St=2,On=7,$o={below:0,above:1,left:2,right:3};function cc(){var a=`#version 300 es
precision highp float;

uniform mat3 u_matrix;
uniform vec2 u_resolution;
uniform float u_labelPixelSnapping;
uniform float u_sizeRatio;
uniform float u_correctionRatio;
uniform float u_cameraAngle;
uniform float u_pixelRatio;
uniform float u_labelMargin;
uniform float u_zoomLabelSizeRatio;

uniform sampler2D u_nodeDataTexture;
uniform int u_nodeDataTextureWidth;
uniform sampler2D u_nodeFrameTexture;
uniform int u_nodeFrameTextureWidth;

// Atlas size is fixed at 2048\xD72048 \u2014 matches AttachmentManager.ATLAS_SIZE.
uniform sampler2D u_atlasTexture;
const vec2 u_atlasSize = vec2(2048.0);

// Per-instance
in float a_nodeIndex;           // node-data texture index
in vec4 a_atlasRect;            // x, y, width, height in atlas pixels
in vec2 a_attachmentSize;       // attachment dimensions (CSS px)
in float a_positionMode;        // label position: 0=right 1=left 2=above 3=below 4=over
in float a_attachmentPlacement; // 0=below 1=above 2=left 3=right (relative to label)
in float a_labelWidth;          // label width (CSS px)
in float a_labelHeight;         // label height: font line box (CSS px)
in float a_textHeight;          // actual glyph height (CSS px)
in float a_labelAngle;          // label rotation angle (radians)

// Per-vertex (constant)
in vec2 a_quadCorner;           // [-1,-1], [1,-1], [-1,1], [1,1]

out vec2 v_texCoord;

`.concat(gt,`
`).concat(Mt,`
`).concat(vn,`
`).concat(Uo,`
`).concat(Jd,`

void main() {
  int nodeIdx = int(a_nodeIndex);

  // Node data: (x, y, size, shapeId).
  vec4 nodeData = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx);
  vec2 nodePos = nodeData.xy;
  float nodeSize = nodeData.z;

  // Normalized edge distance from the shared frame texture (the frame-pass ran
  // the SDF search once; we just read the result).
  float edgeDist = readFrameTexel(u_nodeFrameTexture, u_nodeFrameTextureWidth, nodeIdx).r;

  // Per-node label rotation alignment: 0 = viewport, 1 = label turns with camera.
  float labelRotation = readNodeFlags(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx).g;

  vec3 nodeClip = u_matrix * vec3(nodePos, 1.0);

  // Node radius in physical pixels (matches label/background).
  float matrixScaleX = length(vec2(u_matrix[0][0], u_matrix[1][0]));
  float nodeRadiusGraphSpace = nodeSize * u_correctionRatio / u_sizeRatio * 2.0;
  float nodeRadiusPixels = nodeRadiusGraphSpace * matrixScaleX * u_resolution.x / 2.0;

  // CSS-px inputs -> physical px, scaled by the zoom-dependent label ratio, so
  // the attachment stays glued to the label box exactly as the label scales.
  float zoomScale = u_zoomLabelSizeRatio;
  vec2 labelHalf = vec2(a_labelWidth, a_labelHeight) * 0.5 * zoomScale * u_pixelRatio;
  vec2 attachHalf = a_attachmentSize * 0.5 * zoomScale * u_pixelRatio;
  float gap = `).concat(St.toFixed(1),` * zoomScale * u_pixelRatio;
  float labelMargin = u_labelMargin * zoomScale * u_pixelRatio;

  // Graph-aligned labels add the camera angle so the attachment orbits with the box.
  mat2 labelRotMat = rotate2D(a_labelAngle - labelRotation * u_cameraAngle);

  // Label box center relative to the node center (pre-rotation). The shape-aware
  // edge distance comes from the frame texture, so placement matches the label.
  vec2 boxCenter = vec2(0.0);
  if (a_positionMode < 4.0) {
    float labelStart = nodeRadiusPixels * edgeDist + labelMargin;
    float textHalf = a_textHeight * 0.5 * zoomScale * u_pixelRatio;
    boxCenter = labelBoxCenter(a_positionMode, labelStart, labelHalf, textHalf);
  }

  // Horizontal anchor of below/above attachments tracks the label position, so
  // the attachment hangs from the label edge nearest the node (or is centered
  // when the label itself is node-centered): right->left, left->right, else center.
  float anchorX = 0.0;
  if (a_positionMode < 0.5) anchorX = -labelHalf.x + attachHalf.x;       // right label
  else if (a_positionMode < 1.5) anchorX = labelHalf.x - attachHalf.x;   // left label

  // Attachment center relative to the box (pre-rotation, Y-down). This offset
  // depends only on the box, the gap and the attachment size \u2014 never the shape.
  vec2 attachCenter;
  if (a_attachmentPlacement < 0.5) {
    // below
    attachCenter = boxCenter + vec2(anchorX, labelHalf.y + gap + attachHalf.y);
  } else if (a_attachmentPlacement < 1.5) {
    // above
    attachCenter = boxCenter + vec2(anchorX, -(labelHalf.y + gap + attachHalf.y));
  } else if (a_attachmentPlacement < 2.5) {
    // left, top-aligned
    attachCenter = boxCenter + vec2(-(labelHalf.x + gap + attachHalf.x), -labelHalf.y + attachHalf.y);
  } else {
    // right, top-aligned
    attachCenter = boxCenter + vec2(labelHalf.x + gap + attachHalf.x, -labelHalf.y + attachHalf.y);
  }

  // Rotate the whole assembly by the label angle, around the node center.
  vec2 rotatedCenter = labelRotMat * attachCenter;
  vec2 cornerOffset = labelRotMat * (a_quadCorner * attachHalf);

  // Node center in screen px (Y-down).
  vec2 nodeScreen = vec2(
    (nodeClip.x + 1.0) * u_resolution.x,
    (1.0 - nodeClip.y) * u_resolution.y
  ) * 0.5;

  // Snap node center to the pixel grid so label/backdrop/attachment move as one.
  vec2 snapDelta = (round(nodeScreen) - nodeScreen) * u_labelPixelSnapping;

  // Snap the quad's top-left to integer pixels so atlas texels map 1:1.
  vec2 centerScreen = nodeScreen + rotatedCenter + snapDelta;
  vec2 topLeft = centerScreen - attachHalf;
  topLeft = mix(topLeft, round(topLeft), u_labelPixelSnapping);
  centerScreen = topLeft + attachHalf;

  vec2 vertexScreen = centerScreen + cornerOffset;
  gl_Position = vec4(
    vertexScreen.x * 2.0 / u_resolution.x - 1.0,
    1.0 - vertexScreen.y * 2.0 / u_resolution.y,
    0.0, 1.0
  );

  vec2 texOrigin = a_atlasRect.xy / u_atlasSize;
  vec2 texSize = a_atlasRect.zw / u_atlasSize;
  vec2 uv = (a_quadCorner + 1.0) / 2.0;
  v_texCoord = texOrigin + uv * texSize;
}
`);return a}var hc=`#version 300 es
precision highp float;

uniform sampler2D u_atlasTexture;

in vec2 v_texCoord;

layout(location = 0) out vec4 fragColor;
#ifdef PICKING_MODE
layout(location = 1) out vec4 pickColor;
#endif

void main() {
  // Canvas textures are premultiplied; output directly for (ONE, 1-SRC_ALPHA) blending
  vec4 color = texture(u_atlasTexture, v_texCoord);
  if (color.a < 0.01) discard;
  fragColor = color;
#ifdef PICKING_MODE
  pickColor = vec4(0.0); // Attachments are not pickable
#endif
}
`;function fc(a,n,e,t){var r,i,o=t.label,s=o===void 0?{}:o,l=(r=s.margin)!==null&&r!==void 0?r:gn,u=(i=s.zoomToLabelSizeRatioFunction)!==null&&i!==void 0?i:function(){return 1},d=cc(),c=hc,h=(function(f){function g(){var p;ne(this,g);for(var m=arguments.length,v=new Array(m),y=0;y<m;y++)v[y]=arguments[y];return p=pe(this,g,[].concat(v)),R(p,"totalCount",0),R(p,"bufferCapacity",0),p}return me(g,f),ae(g,[{key:"getDefinition",value:function(){var m=WebGL2RenderingContext,v=m.FLOAT,y=m.TRIANGLE_STRIP;return{VERTICES:4,VERTEX_SHADER_SOURCE:d,FRAGMENT_SHADER_SOURCE:c,METHOD:y,UNIFORMS:["u_matrix","u_resolution","u_labelPixelSnapping","u_sizeRatio","u_correctionRatio","u_cameraAngle","u_pixelRatio","u_labelMargin","u_zoomLabelSizeRatio","u_nodeDataTexture","u_nodeDataTextureWidth","u_nodeFrameTexture","u_nodeFrameTextureWidth","u_atlasTexture"],ATTRIBUTES:[{name:"a_nodeIndex",size:1,type:v},{name:"a_atlasRect",size:4,type:v},{name:"a_attachmentSize",size:2,type:v},{name:"a_positionMode",size:1,type:v},{name:"a_attachmentPlacement",size:1,type:v},{name:"a_labelWidth",size:1,type:v},{name:"a_labelHeight",size:1,type:v},{name:"a_textHeight",size:1,type:v},{name:"a_labelAngle",size:1,type:v}],CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:v}],CONSTANT_DATA:[[-1,-1],[1,-1],[-1,1],[1,1]]}}},{key:"processAttachment",value:function(m,v){var y=this.floats,b=m*this.STRIDE;y[b++]=v.nodeIndex,y[b++]=v.atlasX,y[b++]=v.atlasY,y[b++]=v.atlasW,y[b++]=v.atlasH,y[b++]=v.attachWidth,y[b++]=v.attachHeight,y[b++]=v.positionMode,y[b++]=v.attachmentPlacement,y[b++]=v.labelWidth,y[b++]=v.labelHeight,y[b++]=v.textHeight,y[b++]=v.labelAngle}},{key:"setUniforms",value:function(m,v){var y=v.gl,b=v.uniformLocations;y.uniformMatrix3fv(b.u_matrix,!1,m.matrix),y.uniform2f(b.u_resolution,m.width*m.pixelRatio,m.height*m.pixelRatio),y.uniform1f(b.u_labelPixelSnapping,m.labelPixelSnapping),y.uniform1f(b.u_sizeRatio,m.sizeRatio),y.uniform1f(b.u_correctionRatio,m.correctionRatio),y.uniform1f(b.u_cameraAngle,m.cameraAngle),y.uniform1f(b.u_pixelRatio,m.pixelRatio),y.uniform1f(b.u_labelMargin,g.labelMargin),y.uniform1f(b.u_zoomLabelSizeRatio,1/u(m.zoomRatio)),y.uniform1i(b.u_nodeDataTexture,m.nodeDataTextureUnit),y.uniform1i(b.u_nodeDataTextureWidth,m.nodeDataTextureWidth),y.uniform1i(b.u_nodeFrameTexture,m.nodeFrameTextureUnit),y.uniform1i(b.u_nodeFrameTextureWidth,m.nodeFrameTextureWidth),y.uniform1i(b.u_atlasTexture,On)}},{key:"reallocateAttachments",value:function(m){this.totalCount=m,m>this.bufferCapacity&&(this.bufferCapacity=Math.max(m,Math.ceil(this.bufferCapacity*1.5)||10),Ae(g,"reallocate",this,3)([this.bufferCapacity]))}},{key:"hasNothingToRender",value:function(){return this.totalCount===0}},{key:"drawWebGL",value:function(m,v){var y=v.gl;this.totalCount!==0&&y.drawArraysInstanced(m,0,this.VERTICES,this.totalCount)}}])})(Bt);return R(h,"labelMargin",l),new h(a,n,e)}var Tt=5;function Ma(a,n){return[].concat(Q(n),Q(a.map(function(e){var t;return{attributes:(t=e.attributes)!==null&&t!==void 0?t:[]}})))}function pn(a,n){var e=Xe(Ma(a,n)),t=new Set(a.flatMap(function(u){var d;return(d=u.attributes)!==null&&d!==void 0?d:[]}).map(function(u){return u.name.replace(/^a_/,"")})),r={},i={},o=B(t),s;try{for(o.s();!(s=o.n()).done;){var l=s.value;r[l]=e.offsets[l],i[l]=e.specs[l]}}catch(u){o.e(u)}finally{o.f()}return $($({},e),{},{offsets:r,specs:i})}function gc(a,n){var e=new Set(["u_matrix","u_sizeRatio","u_correctionRatio","u_cameraAngle","u_pickingPadding","u_nodeDataTexture","u_layerAttributeTexture"]),t=new Set,r=a.flatMap(function(f){return f.uniforms}).filter(function(f){return e.has(f.name)||t.has(f.name)?!1:(t.add(f.name),!0)}).map(function(f){return"uniform ".concat(f.type," ").concat(f.name,";")}).join(`
`),i=n.flatMap(function(f){return f.uniforms}).filter(function(f){return e.has(f.name)||t.has(f.name)?!1:(t.add(f.name),!0)}).map(function(f){return"uniform ".concat(f.type," ").concat(f.name,";")}).join(`
`),o=Ma(a,n),s=new Set,l=o.flatMap(function(f){return f.attributes}).filter(function(f){var g=f.name.replace(/^a_/,"");return s.has(g)?!1:(s.add(g),!0)}).map(function(f){var g=f.name.replace(/^a_/,""),p=f.size===1?"float":"vec".concat(f.size);return"out ".concat(p," v_").concat(g,";")}).join(`
`),u=hn(Xe(o),{varPrefix:"layer",baseTexelExpr:"nodeIdx * u_layerAttributeTexelsPerNode",textureWidthUniform:"u_layerAttributeTextureWidth",textureSamplerUniform:"u_layerAttributeTexture"}),d=u.fetchCode,c=u.varyingAssignments,h=`#version 300 es

// Standard node attributes (per instance) - minimal buffer usage
in float a_nodeIndex;  // Index into node data texture AND layer attribute texture
in vec4 a_id;          // Node ID for picking
in float a_opacity;    // Node opacity, applied once to the final fragment

// Constant attributes (per vertex, same for all instances)
in vec2 a_quadCorner;  // (-1,-1), (1,-1), (1,1), (-1,1) for quad corners

// Standard uniforms
uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_correctionRatio;
uniform float u_cameraAngle;
#ifdef PICKING_MODE
uniform float u_pickingPadding;
#endif
uniform sampler2D u_nodeDataTexture;
uniform int u_nodeDataTextureWidth;

// Layer attribute texture uniforms
uniform sampler2D u_layerAttributeTexture;
uniform int u_layerAttributeTextureWidth;
uniform int u_layerAttributeTexelsPerNode;

`.concat(r,`
`).concat(i,`

// Standard varyings
out vec2 v_uv;                    // Normalized coordinates [-1, 1]
out vec4 v_id;
out float v_opacity;
out float v_antialiasingWidth;    // Width for antialiasing in UV space
out float v_pixelSize;            // Node size in pixels (for pixel-mode borders)
out float v_pixelToUV;            // Conversion factor: multiply by this to convert screen pixels to UV units
out float v_shapeId;              // Shape ID for multi-shape programs

// Layer varyings
`).concat(l,`

// Node-data fetch helpers (geometry texel + rotation-flags texel)
`).concat(gt,`
`).concat(Mt,`

void main() {
  // Fetch node geometry: vec4(x, y, size, shapeId).
  int nodeIdx = int(a_nodeIndex);

  // Hidden nodes are flagged with a negative row by NodeProgram.process(). Push
  // the whole quad outside the clip volume: every vertex lands at the same
  // out-of-range position, so the primitive is fully clipped and rasterizes
  // nothing \u2014 neither to the frame buffer nor to the picking buffer.
  if (nodeIdx < 0) {
    gl_Position = vec4(2.0, 0.0, 0.0, 1.0);
    v_id = vec4(0.0);
    return;
  }

  vec4 nodeData = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx);
  vec2 a_position = nodeData.xy;
  float a_size = nodeData.z;
  v_shapeId = nodeData.w;  // Pass shape ID to fragment shader

  // Per-node rotation alignment: 0 = viewport (screen-upright), 1 = graph.
  float nodeRotation = readNodeFlags(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx).r;

`).concat(d,`

  // Calculate the actual size in pixels
  float size = a_size * u_correctionRatio / u_sizeRatio * 2.0;

  // In PICKING_MODE, inflate the quad by nodePickingPadding pixels on each side
  #ifdef PICKING_MODE
    float paddedSize = size + u_pickingPadding * u_correctionRatio;
    vec2 offset = a_quadCorner * paddedSize;
  #else
    vec2 offset = a_quadCorner * size;
  #endif
  // Counter-rotate the quad offset so viewport-aligned nodes stay upright as the
  // camera turns. Graph-aligned nodes (nodeRotation=1) skip it and turn with the
  // camera. The angle scales by (1 - nodeRotation) so both fall out of one path.
  {
    float ca = u_cameraAngle * (1.0 - nodeRotation);
    float c = cos(ca);
    float s = sin(ca);
    offset = mat2(c, s, -s, c) * offset;
  }
  vec2 position = a_position + offset;

  gl_Position = vec4(
    (u_matrix * vec3(position, 1)).xy,
    0,
    1
  );

  // In PICKING_MODE, UV is scaled beyond [-1, 1] to match the inflated quad
  #ifdef PICKING_MODE
    v_uv = a_quadCorner * (paddedSize / size);
  #else
    v_uv = a_quadCorner;
  #endif

  // Pass ID to fragment shader
  v_id = a_id;
  v_opacity = a_opacity;

  // Pass pixel size for layers that need pixel-mode calculations
  // Multiply by 2 because 'size' is half-width (offset from center), not full diameter
  v_pixelSize = size * 2.0;

  // Conversion factor from screen pixels to UV units
  // Same derivation as v_antialiasingWidth which represents ~1 pixel in UV space
  // P pixels in UV space = P * u_correctionRatio / size
  v_pixelToUV = u_correctionRatio / size;

  // We use an antialiasing width of 1px (so v_pixelToUV)
  v_antialiasingWidth = v_pixelToUV;

  // Pass layer attributes to fragment shader (fetched from texture)
`).concat(c,`
}
`);return h}function vc(a,n,e){var t=arguments.length>3&&arguments[3]!==void 0?arguments[3]:!0,r=n.map(function(g,p){var m="layer_".concat(g.name),v=[].concat(Q(g.attributes.map(function(y){return"v_".concat(y.name.replace(/^a_/,""))})),Q(g.uniforms.map(function(y){return y.name}))).join(", ");return"  // Layer ".concat(p+1,": ").concat(g.name,`
  color = blendOver(color, `).concat(m,"(").concat(v,"));")}).join(`

`),i=new Set(["u_correctionRatio"]),o=new Set,s=a.flatMap(function(g){return g.uniforms}).filter(function(g){return i.has(g.name)||o.has(g.name)?!1:(o.add(g.name),!0)}).map(function(g){return"uniform ".concat(g.type," ").concat(g.name,";")}).join(`
`),l=n.flatMap(function(g){return g.uniforms}).filter(function(g){return i.has(g.name)||o.has(g.name)?!1:(o.add(g.name),!0)}).map(function(g){return"uniform ".concat(g.type," ").concat(g.name,";")}).join(`
`),u=new Set,d=Ma(a,n).flatMap(function(g){return g.attributes}).filter(function(g){var p=g.name.replace(/^a_/,"");return u.has(p)?!1:(u.add(p),!0)}).map(function(g){var p=g.name.replace(/^a_/,""),m=g.size===1?"float":"vec".concat(g.size);return"in ".concat(m," v_").concat(p,";")}).join(`
`),c=Br(a),h=Qd(a,e),f=`#version 300 es
precision highp float;

// Standard varyings
in vec2 v_uv;
in vec4 v_id;
in float v_opacity;
in float v_antialiasingWidth;
in float v_pixelSize;
in float v_pixelToUV;
in float v_shapeId;  // Shape ID for multi-shape programs

// Standard uniforms (needed for some layer calculations like pixel-mode borders)
uniform float u_correctionRatio;
#ifdef PICKING_MODE
uniform float u_pickingPadding;
#endif

// Shape uniforms
`.concat(s,`

// Layer uniforms
`).concat(l,`

// Layer varyings
`).concat(d,`

// Fragment output (single target - picking handled via separate pass)
out vec4 fragColor;

// LayerContext struct - provides rendering context to all layers
struct LayerContext {
  float sdf;             // Signed distance from shape boundary (negative inside)
  vec2 uv;               // UV coordinates [-1, 1], center at (0,0)
  float shapeSize;       // Effective shape size (~diameter) in UV space (1.0 - aaWidth)
  float shapeHalfSize;   // Effective shape half size (~radius) in UV space
  float pixelSize;       // Node full size (~diameter) in screen pixels
  float aaWidth;         // Anti-aliasing width for smooth transitions
  float correctionRatio; // Scaling factor for consistent rendering across zoom levels
  float pixelToUV;       // Conversion factor: multiply screen pixels by this to get UV units
  float inradiusFactor;  // Ratio of inradius to circumradius (shape depth factor)
};

LayerContext context;  // Global instance, populated before layer calls

// Alpha "over" compositing for layer blending
vec4 blendOver(vec4 bg, vec4 fg) {
  float a = fg.a;
  return vec4(mix(bg.rgb, fg.rgb, a), bg.a + a * (1.0 - bg.a));
}

// SDF shape functions
`).concat(c,`

// Shape selector function (sets context.sdf and context.inradiusFactor)
`).concat(h,`

// Layer functions
`).concat(n.map(function(g){return g.glsl}).join(`

`),`

void main() {
  // 1. Setup LayerContext (available to all layer functions)
  context.shapeSize = 1.0 - v_antialiasingWidth;
  context.shapeHalfSize = context.shapeSize * 0.5;
  context.pixelSize = v_pixelSize;
  context.uv = v_uv;
  context.aaWidth = v_antialiasingWidth;
  context.correctionRatio = u_correctionRatio;
  context.pixelToUV = v_pixelToUV;

  // Query shape SDF based on shapeId (sets context.sdf and context.inradiusFactor)
  queryNodeSDF(int(v_shapeId), v_uv, context.shapeSize);

  // 2. Early discard for pixels fully outside the shape (with AA margin)
  // In PICKING_MODE, allow extra fragments up to the picking padding distance
  #ifdef PICKING_MODE
    if (context.sdf > u_pickingPadding * v_pixelToUV + context.aaWidth) discard;
  #else
    if (context.sdf > context.aaWidth) discard;
  #endif

  // 3. Apply layers sequentially with "over" compositing
  vec4 color = vec4(0.0);

`).concat(r,`

  #ifdef PICKING_MODE
    // Picking pass: output node ID for pixels within the picking area.
    if (context.sdf > u_pickingPadding * v_pixelToUV) discard;
    fragColor = v_id;
  #else
`).concat(t?`    // Visual pass: apply antialiasing at shape boundary, node opacity once
    // smoothstep provides smooth transition from opaque to transparent
    float alpha = smoothstep(context.aaWidth, -context.aaWidth, context.sdf) * v_opacity;`:`    // Visual pass: hard-edged (no anti-aliasing gradient) shape boundary, node opacity applied once
    float alpha = (context.sdf < 0.0 ? 1.0 : 0.0) * v_opacity;`,`
    // Mix with transparent to fade both color AND alpha together (avoids bright halo)
    fragColor = mix(vec4(0.0), color, alpha);
  #endif
}
`);return f}function pc(a,n){var e=new Set;return e.add("u_matrix"),e.add("u_sizeRatio"),e.add("u_correctionRatio"),e.add("u_cameraAngle"),e.add("u_pickingPadding"),e.add("u_nodeDataTexture"),e.add("u_nodeDataTextureWidth"),e.add("u_layerAttributeTexture"),e.add("u_layerAttributeTextureWidth"),e.add("u_layerAttributeTexelsPerNode"),a.forEach(function(t){t.uniforms.forEach(function(r){return e.add(r.name)})}),n.forEach(function(t){t.uniforms.forEach(function(r){return e.add(r.name)})}),Array.from(e)}function mc(a){var n=WebGL2RenderingContext,e=n.UNSIGNED_BYTE,t=n.FLOAT;return[{name:"a_nodeIndex",size:1,type:t},{name:"a_id",size:4,type:e,normalized:!0},{name:"a_opacity",size:1,type:t}]}function Do(a){var n=a.shapes,e=a.layers,t=a.shapeGlobalIds,r=a.antialias,i=r===void 0?!0:r;return{vertexShader:gc(n,e),fragmentShader:vc(n,e,t,i),uniforms:pc(n,e),attributes:mc()}}function Vo(a,n,e){var t=pn(a,n),r=t.specs;return Object.keys(r).map(function(i){return"flat ".concat(e," ").concat(r[i].size===1?"float":"vec".concat(r[i].size)," v_").concat(i,";")}).join(`
`)}function yc(a){var n,e,t=a.shapes,r=a.layers,i=a.shapeGlobalIds,o=hn(pn(t,r),{varPrefix:"nodeAttr",baseTexelExpr:"nodeIdx * u_layerAttributeTexelsPerNode",textureWidthUniform:"u_layerAttributeTextureWidth",textureSamplerUniform:"u_layerAttributeTexture"}),s=t.length===1?"float inradiusFactor = ".concat(Te((n=t[0].inradiusFactor)!==null&&n!==void 0?n:1),";"):"float inradiusFactor = ".concat(Te((e=t[0].inradiusFactor)!==null&&e!==void 0?e:1),`;
  switch (int(shapeId)) {
`).concat(t.map(function(u,d){var c,h=i?i[d]:d;return"    case ".concat(h,": inradiusFactor = ").concat(Te((c=u.inradiusFactor)!==null&&c!==void 0?c:1),"; break;")}).join(`
`),`
    default: break;
  }`),l=`#version 300 es

in float a_nodeIndex;
in float a_labelWidth;
in float a_labelHeight;
in float a_textHeight;
in float a_positionMode;
in float a_labelAngle;
in vec4 a_backdropColor;
in vec4 a_backdropShadowColor;
in float a_backdropShadowBlur;
in float a_backdropPadding;
in vec4 a_backdropBorderColor;
in vec4 a_backdropExtra; // [borderWidth, cornerRadius, labelPadding, area]
in vec2 a_labelBoxOffset;
in vec2 a_quadCorner;

uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_correctionRatio;
uniform float u_cameraAngle;
uniform vec2 u_resolution;
uniform float u_pixelRatio;
uniform float u_labelMargin;
uniform float u_zoomLabelSizeRatio;
uniform float u_labelPixelSnapping;
uniform sampler2D u_nodeDataTexture;
uniform int u_nodeDataTextureWidth;
uniform sampler2D u_nodeFrameTexture;
uniform int u_nodeFrameTextureWidth;
uniform sampler2D u_layerAttributeTexture;
uniform int u_layerAttributeTextureWidth;
uniform int u_layerAttributeTexelsPerNode;

out vec2 v_uv;
out vec2 v_nodeCenter;
out float v_nodeRadius;
out vec2 v_labelCenter;
out vec2 v_labelHalfSize;
out float v_aaWidth;
out float v_shapeId;
out float v_nodeRotation;
out float v_labelAngle;
out vec4 v_backdropColor;
out vec4 v_backdropShadowColor;
out float v_backdropShadowBlur;
out float v_backdropPadding;
out vec4 v_backdropBorderColor;
out float v_backdropBorderWidth;
out float v_backdropCornerRadius;
out float v_backdropArea;
`.concat(Vo(t,r,"out"),`

`).concat(gt,`
`).concat(Mt,`
`).concat(vn,`

void main() {
  int nodeIdx = int(a_nodeIndex);
`).concat(o.fetchCode,`
`).concat(o.varyingAssignments,`

  // Node data: (x, y, size, shapeId). shapeId (global) is forwarded to the
  // fragment shader, which keeps the shape SDF for the outline.
  vec4 nodeData = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx);
  vec2 nodePosition = nodeData.xy;
  float nodeSize = nodeData.z;
  float shapeId = nodeData.w;

  // Per-node rotation alignment (0 = viewport, 1 = graph). nodeRotation drives
  // the fragment's shape outline; labelRotation turns the label box with camera.
  vec4 nodeFlags = readNodeFlags(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx);
  float nodeRotation = nodeFlags.r;
  float labelRotation = nodeFlags.g;
  v_nodeRotation = nodeRotation;

  `).concat(Mo,`
  // CSS pixel attributes are multiplied by u_pixelRatio to match nodeRadiusPixels,
  // which is already in physical pixels (nodeRadiusNDC * u_resolution.x / 2.0).
  float padding = a_backdropPadding * u_pixelRatio;
  float shadowBlur = a_backdropShadowBlur * u_pixelRatio;
  // Unpack a_backdropExtra: [borderWidth, cornerRadius, labelPadding, area]
  float borderWidth = a_backdropExtra.x * u_pixelRatio;
  float cornerRadius = a_backdropExtra.y * u_pixelRatio;
  float labelPad = a_backdropExtra.z * u_pixelRatio;
  float backdropArea = a_backdropExtra.w;
  // Use 2x shadowBlur so the Gaussian fully decays before the quad edge
  float totalExpansion = shadowBlur * 2.0 + borderWidth;
  float enlargedRadius = nodeRadiusPixels + padding;

  // Circumscribed radius for the quad bounds. Non-circular shapes reach past
  // their inradius out to their circumradius (= enlargedRadius / inradiusFactor),
  // in any direction once rotated. The axis-aligned quad must contain that, or
  // the fill/shadow gets clipped (square corners, triangle tip, etc.).
  `).concat(s,`
  float boundRadius = enlargedRadius / inradiusFactor;

  // Apply zoom-dependent label size scaling
  float zoomScale = u_zoomLabelSizeRatio;
  float labelW = a_labelWidth * zoomScale * u_pixelRatio;
  float labelH = a_labelHeight * zoomScale * u_pixelRatio;
  float labelMargin = u_labelMargin * zoomScale * u_pixelRatio;

  // Only apply labelPad when a label is actually present
  float effectiveLabelPad = labelW > 0.0 ? labelPad : 0.0;
  vec2 labelHalfSize = vec2(labelW * 0.5 + effectiveLabelPad, labelH * 0.5 + effectiveLabelPad);
  vec2 labelOffset = vec2(0.0);

  // Effective label angle: intrinsic angle plus the camera angle when the label
  // is graph-aligned, so the box orbits the node in lockstep with the frame-pass.
  float labelAngle = a_labelAngle - labelRotation * u_cameraAngle;
  float la_c = cos(labelAngle);
  float la_s = sin(labelAngle);
  mat2 labelRotMat = mat2(la_c, -la_s, la_s, la_c);

  vec3 nodeClip = u_matrix * vec3(nodePosition, 1.0);
  vec2 snapDelta = vec2(0.0);

  if (labelW > 0.0) {
    // labelW > 0.0 means this node's label is displayed, so the frame-pass wrote
    // its edge distance this frame.
    float edgeDistPixels = nodeRadiusPixels * readFrameTexel(u_nodeFrameTexture, u_nodeFrameTextureWidth, nodeIdx).r;
    // labelMargin matches the label shader's margin (gap from node edge to text)
    float labelStart = edgeDistPixels + labelMargin;
    // Above/below center on the actual glyph height, not the font line box, so
    // the box stays aligned with the rendered text (matches labelBoxCenter()).
    float textHalf = a_textHeight * zoomScale * u_pixelRatio * 0.5;

    // Snap node center to pixel grid so label/backdrop/attachment move as a unit
    vec2 nodeScreen = vec2(
      (nodeClip.x + 1.0) * u_resolution.x,
      (1.0 - nodeClip.y) * u_resolution.y
    ) * 0.5;
    snapDelta = (round(nodeScreen) - nodeScreen) * u_labelPixelSnapping;

    if (a_positionMode < 0.5) {
      // Right: box spans from node center to text end + padding
      float boxRightEdge = labelStart + labelW + labelPad;
      labelOffset = vec2(boxRightEdge * 0.5, 0.0);
      labelHalfSize.x = boxRightEdge * 0.5;
    } else if (a_positionMode < 1.5) {
      // Left: mirror of right
      float boxLeftEdge = labelStart + labelW + labelPad;
      labelOffset = vec2(-boxLeftEdge * 0.5, 0.0);
      labelHalfSize.x = boxLeftEdge * 0.5;
    } else if (a_positionMode < 2.5) {
      // Above: text bottom at labelStart, centered horizontally
      labelOffset = vec2(0.0, -(labelStart + textHalf));
    } else if (a_positionMode < 3.5) {
      // Below: text top at labelStart, centered horizontally
      labelOffset = vec2(0.0, labelStart + textHalf);
    }
    // over (>=4): labelOffset stays (0,0) \u2014 text centered on the node.

    // The attachment-cover shift is in label space (like the attachment itself),
    // so rotate it together with the position offset \u2014 otherwise the box drifts
    // off the attachment as the label angle grows.
    labelOffset = labelRotMat * (labelOffset + a_labelBoxOffset * zoomScale * u_pixelRatio);
  }

  // For node-only mode, zero out label dimensions
  if (backdropArea > 0.5 && backdropArea < 1.5) {
    labelHalfSize = vec2(0.0);
    labelOffset = vec2(0.0);
  }

  vec2 minBound, maxBound;

  bool hasLabelBounds = labelW > 0.0 && (backdropArea > 1.5 || backdropArea < 0.5);

  if (hasLabelBounds) {
    // Union with label bounds (area=both) or label-only bounds (area=label)
    vec2 labelMin, labelMax;

    if (a_labelAngle != 0.0) {
      vec2 corner1 = labelOffset + labelRotMat * vec2(-labelHalfSize.x, -labelHalfSize.y);
      vec2 corner2 = labelOffset + labelRotMat * vec2(labelHalfSize.x, -labelHalfSize.y);
      vec2 corner3 = labelOffset + labelRotMat * vec2(labelHalfSize.x, labelHalfSize.y);
      vec2 corner4 = labelOffset + labelRotMat * vec2(-labelHalfSize.x, labelHalfSize.y);
      labelMin = min(min(corner1, corner2), min(corner3, corner4));
      labelMax = max(max(corner1, corner2), max(corner3, corner4));
    } else {
      labelMin = labelOffset - labelHalfSize;
      labelMax = labelOffset + labelHalfSize;
    }

    if (backdropArea > 1.5) {
      // Label-only: bounds from label rect only
      minBound = labelMin - totalExpansion;
      maxBound = labelMax + totalExpansion;
    } else {
      // Both: union of node + label
      minBound = min(-vec2(boundRadius), labelMin) - totalExpansion;
      maxBound = max(vec2(boundRadius), labelMax) + totalExpansion;
    }
  } else {
    // Node-only or no visible label
    float totalRadius = boundRadius + totalExpansion;
    minBound = -vec2(totalRadius);
    maxBound = vec2(totalRadius);
  }

  vec2 quadSize = maxBound - minBound;
  vec2 quadCenter = (minBound + maxBound) * 0.5;

  vec2 localPos = quadCenter + a_quadCorner * quadSize * 0.5 + snapDelta;
  vec2 ndcOffset = localPos * 2.0 / u_resolution;
  ndcOffset.y = -ndcOffset.y;

  gl_Position = vec4(nodeClip.xy + ndcOffset, 0.0, 1.0);

  v_uv = localPos;
  v_nodeCenter = vec2(0.0);
  v_nodeRadius = nodeRadiusPixels;
  v_labelCenter = labelOffset;
  v_labelHalfSize = labelHalfSize;
  v_aaWidth = 1.0;
  v_shapeId = shapeId;
  v_labelAngle = labelAngle;
  v_backdropColor = a_backdropColor;
  v_backdropShadowColor = a_backdropShadowColor;
  v_backdropShadowBlur = a_backdropShadowBlur;
  v_backdropPadding = a_backdropPadding;
  v_backdropBorderColor = a_backdropBorderColor;
  v_backdropBorderWidth = borderWidth;
  v_backdropCornerRadius = cornerRadius;
  v_backdropArea = backdropArea;
}
`);return l}function bc(a){var n=a.shapes,e=a.layers,t=a.shapeGlobalIds,r=Br(n),i=Wn(n).map(function(h){return"uniform ".concat(h.type," ").concat(h.name,";")}).join(`
`),o=function(f){return Ga(f,"nodeUV","1.0")},s;if(n.length===1)s="float nodeSdfNormalized = ".concat(o(n[0]),";");else{var l=n.map(function(h,f){var g=t?t[f]:f;return"    case ".concat(g,": nodeSdfNormalized = ").concat(o(h),"; break;")}).join(`
`),u=o(n[0]);s=`float nodeSdfNormalized;
  int shapeId = int(v_shapeId);
  switch (shapeId) {
`.concat(l,`
    default: nodeSdfNormalized = `).concat(u,`;
  }`)}var d=`float effectiveRadius = max(enlargedRadius - cornerRadius, 0.01);
  float ca = u_cameraAngle * v_nodeRotation;
  float ca_c = cos(ca);
  float ca_s = sin(ca);
  vec2 rotatedScreenUV = mat2(ca_c, -ca_s, ca_s, ca_c) * screenUV;
  vec2 nodeUV = vec2(rotatedScreenUV.x, -rotatedScreenUV.y) / effectiveRadius;`,c=`#version 300 es
precision highp float;

in vec2 v_uv;
in vec2 v_nodeCenter;
in float v_nodeRadius;
in vec2 v_labelCenter;
in vec2 v_labelHalfSize;
in float v_aaWidth;
in float v_shapeId;
in float v_nodeRotation;
in float v_labelAngle;
in vec4 v_backdropColor;
in vec4 v_backdropShadowColor;
in float v_backdropShadowBlur;
in float v_backdropPadding;
in vec4 v_backdropBorderColor;
in float v_backdropBorderWidth;
in float v_backdropCornerRadius;
in float v_backdropArea;
`.concat(Vo(n,e,"in"),`

uniform float u_cameraAngle;
`).concat(i,`

layout(location = 0) out vec4 fragColor;
layout(location = 1) out vec4 fragPicking;

`).concat(r,`
`).concat(ec,`
`).concat(tc,`
`).concat(nc,`
`).concat(ac,`

void main() {
  vec4 backdropColor = v_backdropColor;
  vec4 shadowColor = v_backdropShadowColor;
  float shadowBlur = v_backdropShadowBlur;
  float padding = v_backdropPadding;
  vec4 borderColor = v_backdropBorderColor;
  float borderWidth = v_backdropBorderWidth;
  float cornerRadius = v_backdropCornerRadius;

  float enlargedRadius = v_nodeRadius + padding;
  vec2 screenUV = v_uv - v_nodeCenter;
  `).concat(d,`

  // Query the correct shape SDF based on shapeId
  `).concat(s,`
  float nodeSdfPixels = nodeSdfNormalized * effectiveRadius - cornerRadius;

  // Label SDF with optional corner radius and rotation
  float labelSdfPixels;
  if (v_labelHalfSize.x > 0.0) {
    vec2 labelP = v_uv - v_labelCenter;
    labelSdfPixels = sdfRoundedRotatedBox(labelP, v_labelHalfSize, v_labelAngle, cornerRadius);
  } else {
    labelSdfPixels = 10000.0;
  }

  // Select area: 0=both, 1=node, 2=label
  float combinedSdf;
  if (v_backdropArea > 1.5) {
    combinedSdf = labelSdfPixels;
  } else if (v_backdropArea > 0.5) {
    combinedSdf = nodeSdfPixels;
  } else {
    combinedSdf = min(nodeSdfPixels, labelSdfPixels);
  }

  // Fill + border composite
  float outerEdge = smoothstep(v_aaWidth, -v_aaWidth, combinedSdf);
  vec4 background;
  if (borderWidth > 0.5) {
    float innerEdge = smoothstep(v_aaWidth, -v_aaWidth, combinedSdf + borderWidth);
    float fillAlpha = innerEdge * backdropColor.a;
    vec4 fill = vec4(backdropColor.rgb * fillAlpha, fillAlpha);
    float borderAlpha = (outerEdge - innerEdge) * borderColor.a;
    vec4 border = vec4(borderColor.rgb * borderAlpha, borderAlpha);
    background = fill + border * (1.0 - fill.a);
  } else {
    float fillAlpha = outerEdge * backdropColor.a;
    background = vec4(backdropColor.rgb * fillAlpha, fillAlpha);
  }

  // Gaussian-like shadow falloff (mimics canvas shadowBlur)
  vec4 shadow = vec4(0.0);
  float sigma = shadowBlur / 2.5;
  if (sigma > 0.001) {
    float shadowDist = max(0.0, combinedSdf);
    float shadowAlpha = exp(-(shadowDist * shadowDist) / (2.0 * sigma * sigma)) * shadowColor.a;
    shadow = vec4(shadowColor.rgb * shadowAlpha, shadowAlpha);
  }

  fragColor = background + shadow * (1.0 - background.a);
  fragPicking = vec4(0.0);
}
`);return c}function _c(a){var n=["u_matrix","u_sizeRatio","u_correctionRatio","u_cameraAngle","u_resolution","u_pixelRatio","u_labelMargin","u_zoomLabelSizeRatio","u_labelPixelSnapping","u_nodeDataTexture","u_nodeDataTextureWidth","u_nodeFrameTexture","u_nodeFrameTextureWidth","u_layerAttributeTexture","u_layerAttributeTextureWidth","u_layerAttributeTexelsPerNode"],e=B(Wn(a)),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;n.includes(r.name)||n.push(r.name)}}catch(i){e.e(i)}finally{e.f()}return n}function xc(a){return{vertexShader:yc(a),fragmentShader:bc(a),uniforms:_c(a.shapes)}}function Tc(a,n,e,t){var r,i,o=t.label,s=o===void 0?{}:o,l=t.shapes,u=t.layers,d=t.getAttributeTexture,c=t.shapeGlobalIds;if(l.length===0)throw new Error("createBackdropProgram: at least one shape must be provided in 'shapes'");var h=(r=s.margin)!==null&&r!==void 0?r:5,f=(i=s.zoomToLabelSizeRatioFunction)!==null&&i!==void 0?i:function(){return 1},g={shapes:l,layers:u,shapeGlobalIds:c},p=xc(g),m=(function(v){function y(){var b;ne(this,y);for(var x=arguments.length,_=new Array(x),E=0;E<x;E++)_[E]=arguments[E];return b=pe(this,y,[].concat(_)),R(b,"totalBackdropCount",0),R(b,"bufferCapacity",0),b}return me(y,v),ae(y,[{key:"getDefinition",value:function(){var x=WebGL2RenderingContext,_=x.FLOAT,E=x.TRIANGLE_STRIP;return{VERTICES:4,VERTEX_SHADER_SOURCE:p.vertexShader,FRAGMENT_SHADER_SOURCE:p.fragmentShader,METHOD:E,UNIFORMS:p.uniforms,ATTRIBUTES:[{name:"a_nodeIndex",size:1,type:_},{name:"a_labelWidth",size:1,type:_},{name:"a_labelHeight",size:1,type:_},{name:"a_textHeight",size:1,type:_},{name:"a_positionMode",size:1,type:_},{name:"a_labelAngle",size:1,type:_},{name:"a_backdropColor",size:4,type:_},{name:"a_backdropShadowColor",size:4,type:_},{name:"a_backdropShadowBlur",size:1,type:_},{name:"a_backdropPadding",size:1,type:_},{name:"a_backdropBorderColor",size:4,type:_},{name:"a_backdropExtra",size:4,type:_},{name:"a_labelBoxOffset",size:2,type:_}],CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:_}],CONSTANT_DATA:[[-1,-1],[1,-1],[-1,1],[1,1]]}}},{key:"processBackdrop",value:function(x,_){var E=this.floats,w=this.STRIDE,A=x*w;E[A++]=_.nodeIndex,E[A++]=_.labelWidth,E[A++]=_.labelHeight,E[A++]=_.textHeight,E[A++]=fn[_.position],E[A++]=_.labelAngle,E[A++]=_.backdropColor[0],E[A++]=_.backdropColor[1],E[A++]=_.backdropColor[2],E[A++]=_.backdropColor[3],E[A++]=_.backdropShadowColor[0],E[A++]=_.backdropShadowColor[1],E[A++]=_.backdropShadowColor[2],E[A++]=_.backdropShadowColor[3],E[A++]=_.backdropShadowBlur,E[A++]=_.backdropPadding,E[A++]=_.backdropBorderColor[0],E[A++]=_.backdropBorderColor[1],E[A++]=_.backdropBorderColor[2],E[A++]=_.backdropBorderColor[3],E[A++]=_.backdropBorderWidth,E[A++]=_.backdropCornerRadius,E[A++]=_.backdropLabelPadding,E[A++]=_.backdropArea,E[A++]=_.labelBoxOffset[0],E[A++]=_.labelBoxOffset[1]}},{key:"setUniforms",value:function(x,_){var E=_.gl,w=_.uniformLocations;E.uniformMatrix3fv(w.u_matrix,!1,x.matrix),E.uniform1f(w.u_sizeRatio,x.sizeRatio),E.uniform1f(w.u_correctionRatio,x.correctionRatio),E.uniform1f(w.u_cameraAngle,x.cameraAngle),E.uniform2f(w.u_resolution,x.width*x.pixelRatio,x.height*x.pixelRatio),E.uniform1f(w.u_pixelRatio,x.pixelRatio),E.uniform1f(w.u_labelMargin,y.labelMargin),E.uniform1f(w.u_zoomLabelSizeRatio,1/f(x.zoomRatio)),E.uniform1f(w.u_labelPixelSnapping,x.labelPixelSnapping),E.uniform1i(w.u_nodeDataTexture,x.nodeDataTextureUnit),E.uniform1i(w.u_nodeDataTextureWidth,x.nodeDataTextureWidth),E.uniform1i(w.u_nodeFrameTexture,x.nodeFrameTextureUnit),E.uniform1i(w.u_nodeFrameTextureWidth,x.nodeFrameTextureWidth);var A=d();w.u_layerAttributeTexture&&A&&(A.bind(Tt),E.uniform1i(w.u_layerAttributeTexture,Tt),E.uniform1i(w.u_layerAttributeTextureWidth,A.getTextureWidth()),E.uniform1i(w.u_layerAttributeTexelsPerNode,A.getTexelsPerItem()));var S=B(Wn(l)),L;try{for(S.s();!(L=S.n()).done;){var G=L.value;this.setTypedUniform(G,_)}}catch(C){S.e(C)}finally{S.f()}}},{key:"hasNothingToRender",value:function(){return this.totalBackdropCount===0}},{key:"drawWebGL",value:function(x,_){var E=_.gl;this.totalBackdropCount!==0&&(this.isInstanced?E.drawArraysInstanced(x,0,this.VERTICES,this.totalBackdropCount):E.drawArrays(x,0,this.totalBackdropCount*this.VERTICES))}},{key:"reallocate",value:function(x){this.totalBackdropCount=x,x>this.bufferCapacity&&(this.bufferCapacity=Math.max(x,Math.ceil(this.bufferCapacity*1.5)||10),Ae(y,"reallocate",this,3)([this.bufferCapacity]))}}])})(Bt);return R(m,"labelMargin",h),new m(a,n,e)}var jo=(function(a){function n(){var e;ne(this,n);for(var t=arguments.length,r=new Array(t),i=0;i<t;i++)r[i]=arguments[i];return e=pe(this,n,[].concat(r)),R(e,"totalCharacterCount",0),R(e,"bufferCapacity",0),e}return me(n,a),ae(n,[{key:"processLabel",value:function(t,r,i){if(i.hidden||!i.text)return 0;for(var o=i.text,s=o.length,l=0;l<s;l++){var u=o[l];this.processCharacter(r+l,i,u,l)}return s}},{key:"hasNothingToRender",value:function(){return this.totalCharacterCount===0}},{key:"drawWebGL",value:function(t,r){var i=r.gl;this.totalCharacterCount!==0&&(this.isInstanced?i.drawArraysInstanced(t,0,this.VERTICES,this.totalCharacterCount):i.drawArrays(t,0,this.totalCharacterCount*this.VERTICES))}},{key:"reallocate",value:function(t){this.totalCharacterCount=t,t>this.bufferCapacity&&(this.bufferCapacity=Math.max(t,Math.ceil(this.bufferCapacity*1.5)||1e3),Ae(n,"reallocate",this,3)([this.bufferCapacity]))}}])})(Bt);function Ec(){var a=`#version 300 es

in float a_nodeIndex;
in vec4 a_id;
in vec4 a_color;
in float a_labelWidth;
in float a_labelHeight;
in float a_textHeight;
in float a_positionMode;
in float a_labelAngle;
in float a_padding;
in vec2 a_quadCorner;

uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_correctionRatio;
uniform float u_cameraAngle;
uniform vec2 u_resolution;
uniform float u_pixelRatio;
uniform float u_labelMargin;
uniform float u_zoomLabelSizeRatio;
uniform float u_labelPixelSnapping;
uniform float u_pickingPadding;
uniform sampler2D u_nodeDataTexture;
uniform int u_nodeDataTextureWidth;
uniform sampler2D u_nodeFrameTexture;
uniform int u_nodeFrameTextureWidth;

out vec4 v_id;
out vec4 v_color;

`.concat(gt,`
`).concat(Mt,`
`).concat(vn,`
`).concat(Uo,`

void main() {
  int nodeIdx = int(a_nodeIndex);

  // Node data: (x, y, size, shapeId).
  vec4 nodeData = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx);
  vec2 nodePosition = nodeData.xy;
  float nodeSize = nodeData.z;

  // Shape-aware edge distance, read once from the shared frame texture.
  float edgeDist = readFrameTexel(u_nodeFrameTexture, u_nodeFrameTextureWidth, nodeIdx).r;

  // Per-node label rotation alignment: 0 = viewport, 1 = label turns with camera.
  float labelRotation = readNodeFlags(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx).g;

  `).concat(Mo,`

  float zoomScale = u_zoomLabelSizeRatio;
  float labelW = a_labelWidth * zoomScale * u_pixelRatio;
  float labelH = a_labelHeight * zoomScale * u_pixelRatio;
  float labelMargin = u_labelMargin * zoomScale * u_pixelRatio;
#ifdef PICKING_MODE
  float padding = u_pickingPadding * u_pixelRatio;
#else
  float padding = a_padding * u_pixelRatio;
#endif

  if (labelW <= 0.0) {
    gl_Position = vec4(2.0, 0.0, 0.0, 1.0);
    v_id = vec4(0.0);
    v_color = vec4(0.0);
    return;
  }

  vec2 labelHalfSize = vec2(labelW * 0.5 + padding, labelH * 0.5 + padding);
  vec2 labelOffset = vec2(0.0);

  // Graph-aligned labels add the camera angle so the rect orbits with the text.
  float labelAngle = a_labelAngle - labelRotation * u_cameraAngle;
  float la_c = cos(labelAngle);
  float la_s = sin(labelAngle);
  mat2 labelRotMat = mat2(la_c, -la_s, la_s, la_c);

  vec3 nodeClip = u_matrix * vec3(nodePosition, 1.0);
  vec2 nodeScreen = vec2(
    (nodeClip.x + 1.0) * u_resolution.x,
    (1.0 - nodeClip.y) * u_resolution.y
  ) * 0.5;
  vec2 snapDelta = (round(nodeScreen) - nodeScreen) * u_labelPixelSnapping;

  if (a_positionMode < 4.0) {
    float labelStart = nodeRadiusPixels * edgeDist + labelMargin;
    float textHalf = a_textHeight * zoomScale * u_pixelRatio * 0.5;
    // Box center uses the text half-size; the padding expands the quad below.
    labelOffset = labelRotMat * labelBoxCenter(a_positionMode, labelStart, vec2(labelW * 0.5, labelH * 0.5), textHalf);
  }

  // Rotate the rect with the label so it stays aligned with the (rotated) text.
  vec2 localPos = labelOffset + labelRotMat * (a_quadCorner * labelHalfSize);
  vec2 ndcOffset = (localPos + snapDelta) * 2.0 / u_resolution;
  ndcOffset.y = -ndcOffset.y;

  gl_Position = vec4(nodeClip.xy + ndcOffset, 0.0, 1.0);
  v_id = a_id;
  v_color = a_color;
}
`);return a}var Sc=`#version 300 es
precision highp float;

in vec4 v_id;
in vec4 v_color;

out vec4 fragColor;

void main() {
  #ifdef PICKING_MODE
    fragColor = v_id;
  #else
    if (v_color.a <= 0.0) discard;
    // v_color is non-premultiplied RGBA (0-1); convert to premultiplied for blending
    fragColor = vec4(v_color.rgb * v_color.a, v_color.a);
  #endif
}
`;function wc(a,n,e,t){var r,i,o=t.label,s=o===void 0?{}:o,l=(r=s.margin)!==null&&r!==void 0?r:gn,u=(i=s.zoomToLabelSizeRatioFunction)!==null&&i!==void 0?i:function(){return 1},d=Ec(),c=(function(h){function f(){var g;ne(this,f);for(var p=arguments.length,m=new Array(p),v=0;v<p;v++)m[v]=arguments[v];return g=pe(this,f,[].concat(m)),R(g,"totalCount",0),R(g,"bufferCapacity",0),g}return me(f,h),ae(f,[{key:"getDefinition",value:function(){var p=WebGL2RenderingContext,m=p.FLOAT,v=p.UNSIGNED_BYTE,y=p.TRIANGLE_STRIP;return{VERTICES:4,VERTEX_SHADER_SOURCE:d,FRAGMENT_SHADER_SOURCE:Sc,METHOD:y,UNIFORMS:["u_matrix","u_sizeRatio","u_correctionRatio","u_cameraAngle","u_resolution","u_pixelRatio","u_labelMargin","u_zoomLabelSizeRatio","u_labelPixelSnapping","u_pickingPadding","u_nodeDataTexture","u_nodeDataTextureWidth","u_nodeFrameTexture","u_nodeFrameTextureWidth"],ATTRIBUTES:[{name:"a_nodeIndex",size:1,type:m},{name:"a_id",size:4,type:v,normalized:!0},{name:"a_color",size:4,type:v,normalized:!0},{name:"a_labelWidth",size:1,type:m},{name:"a_labelHeight",size:1,type:m},{name:"a_textHeight",size:1,type:m},{name:"a_positionMode",size:1,type:m},{name:"a_labelAngle",size:1,type:m},{name:"a_padding",size:1,type:m}],CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:m}],CONSTANT_DATA:[[-1,-1],[1,-1],[-1,1],[1,1]]}}},{key:"processLabelBackground",value:function(p,m){var v=this.floats,y=this.ints,b=p*this.STRIDE;v[b++]=m.nodeIndex,y[b++]=m.id,v[b++]=m.color,v[b++]=m.labelWidth,v[b++]=m.labelHeight,v[b++]=m.textHeight,v[b++]=m.positionMode,v[b++]=m.labelAngle,v[b++]=m.padding}},{key:"setUniforms",value:function(p,m){var v=m.gl,y=m.uniformLocations;v.uniformMatrix3fv(y.u_matrix,!1,p.matrix),v.uniform1f(y.u_sizeRatio,p.sizeRatio),v.uniform1f(y.u_correctionRatio,p.correctionRatio),v.uniform1f(y.u_cameraAngle,p.cameraAngle),v.uniform2f(y.u_resolution,p.width*p.pixelRatio,p.height*p.pixelRatio),v.uniform1f(y.u_pixelRatio,p.pixelRatio),v.uniform1f(y.u_labelMargin,f.labelMargin),v.uniform1f(y.u_zoomLabelSizeRatio,1/u(p.zoomRatio)),v.uniform1f(y.u_labelPixelSnapping,p.labelPixelSnapping),v.uniform1f(y.u_pickingPadding,p.labelPickingPadding),v.uniform1i(y.u_nodeDataTexture,p.nodeDataTextureUnit),v.uniform1i(y.u_nodeDataTextureWidth,p.nodeDataTextureWidth),v.uniform1i(y.u_nodeFrameTexture,p.nodeFrameTextureUnit),v.uniform1i(y.u_nodeFrameTextureWidth,p.nodeFrameTextureWidth)}},{key:"hasNothingToRender",value:function(){return this.totalCount===0}},{key:"drawWebGL",value:function(p,m){var v=m.gl;this.totalCount!==0&&v.drawArraysInstanced(v.TRIANGLE_STRIP,0,this.VERTICES,this.totalCount)}},{key:"reallocate",value:function(p){this.totalCount=p,p>this.bufferCapacity&&(this.bufferCapacity=Math.max(p,Math.ceil(this.bufferCapacity*1.5)||10),Ae(f,"reallocate",this,3)([this.bufferCapacity]))}}])})(Bt);return R(c,"labelMargin",l),new c(a,n,e)}var rt={fontSize:64,buffer:8,radius:24,cutoff:.25,maxTextureSize:2048,debounceTimeout:100},In=2,Gn=1e20;function Ac(a,n,e,t,r){var i=a+r*4,o=document.createElement("canvas");o.width=i,o.height=i;var s=o.getContext("2d",{willReadFrequently:!0});return s.font="".concat(t," ").concat(e," ").concat(a,"px ").concat(n),s.textBaseline="alphabetic",s.textAlign="left",s.fillStyle="black",{ctx:s,canvasSize:i,gridOuter:new Float64Array(i*i),gridInner:new Float64Array(i*i),f:new Float64Array(i),z:new Float64Array(i+1),v:new Uint16Array(i)}}function Rc(a,n,e,t,r){var i=a.ctx,o=a.canvasSize,s=i.measureText(n),l=s.width,u=s.actualBoundingBoxAscent,d=s.actualBoundingBoxDescent,c=s.actualBoundingBoxLeft,h=s.actualBoundingBoxRight,f=Math.ceil(u),g=Math.ceil(c),p=Math.max(0,Math.min(o-e,Math.ceil(c)+Math.ceil(h))),m=Math.min(o-e,f+Math.ceil(d)),v=p+2*e,y=m+2*e,b=Math.max(v*y,0),x=new Uint8ClampedArray(b),_={data:x,width:v,height:y,glyphWidth:p,glyphHeight:m,glyphTop:f,glyphLeft:g,glyphAdvance:l};if(p===0||m===0)return _;var E=a.gridInner,w=a.gridOuter;i.clearRect(e,e,p,m),i.fillText(n,e+g,e+f);var A=i.getImageData(e,e,p,m);w.fill(Gn,0,b),E.fill(0,0,b);for(var S=0;S<m;S++)for(var L=0;L<p;L++){var G=A.data[4*(S*p+L)+3]/255;if(G!==0){var C=(S+e)*v+L+e;if(G===1)w[C]=0,E[C]=Gn;else{var N=.5-G;w[C]=N>0?N*N:0,E[C]=N<0?N*N:0}}}Lo(w,0,0,v,y,v,a.f,a.v,a.z),Lo(E,e,e,p,m,v,a.f,a.v,a.z);for(var k=0;k<b;k++){var I=Math.sqrt(w[k])-Math.sqrt(E[k]);x[k]=Math.round(255-255*(I/t+r))}return _}function Lo(a,n,e,t,r,i,o,s,l){for(var u=n;u<n+t;u++)Co(a,e*i+u,i,r,o,s,l);for(var d=e;d<e+r;d++)Co(a,d*i+n,1,t,o,s,l)}function Co(a,n,e,t,r,i,o){i[0]=0,o[0]=-Gn,o[1]=Gn,r[0]=a[n];for(var s=1,l=0,u=0;s<t;s++){r[s]=a[n+s*e];var d=s*s;do{var c=i[l];u=(r[s]-r[c]+d-c*c)/(s-c)/2}while(u<=o[l]&&--l>-1);l++,i[l]=s,o[l]=u,o[l+1]=Gn}for(var h=0,f=0;h<t;h++){for(;o[f+1]<h;)f++;var g=i[f],p=h-g;a[n+h*e]=r[g]+p*p}}var Ot=(function(a){function n(){var e,t=arguments.length>0&&arguments[0]!==void 0?arguments[0]:{};return ne(this,n),e=pe(this,n),R(e,"fonts",new Map),R(e,"textures",[]),R(e,"cursor",{x:0,y:0,rowHeight:0,atlasIndex:0}),R(e,"pendingGlyphs",[]),R(e,"debounceTimer",null),e.options=$($({},rt),t),e.canvas=document.createElement("canvas"),e.canvas.width=e.options.maxTextureSize,e.canvas.height=e.options.maxTextureSize,e.ctx=e.canvas.getContext("2d",{willReadFrequently:!0}),e.measureCanvas=document.createElement("canvas"),e.measureCtx=e.measureCanvas.getContext("2d"),e.textures.push(e.ctx.getImageData(0,0,1,1)),e}return me(n,a),ae(n,[{key:"getFontKey",value:function(t){return"".concat(t.family,"-").concat(t.weight,"-").concat(t.style)}},{key:"registerFont",value:function(t){var r=this.getFontKey(t);if(this.fonts.has(r))return r;var i=Ac(this.options.fontSize,t.family,t.weight,t.style,this.options.buffer);return this.fonts.set(r,{descriptor:t,generator:i,glyphs:new Map}),r}},{key:"ensureGlyphs",value:function(t,r){var i=this.fonts.get(r);if(!i)throw new Error('Font "'.concat(r,'" is not registered. Call registerFont() first.'));var o=!1,s=B(t),l;try{for(s.s();!(l=s.n()).done;){var u=l.value,d=u.codePointAt(0);d!==void 0&&(i.glyphs.has(d)||(this.pendingGlyphs.push({fontKey:r,charCode:d}),o=!0))}}catch(c){s.e(c)}finally{s.f()}o&&this.scheduleTextureGeneration()}},{key:"measureText",value:function(t,r){var i=this.fonts.get(r);if(!i)throw new Error('Font "'.concat(r,'" is not registered.'));var o=i.descriptor,s=o.family,l=o.weight,u=o.style;return this.measureCtx.font="".concat(u," ").concat(l," ").concat(this.options.fontSize,"px ").concat(s),this.measureCtx.measureText(t).width}},{key:"getGlyph",value:function(t,r){var i=this.fonts.get(r);if(i)return i.glyphs.get(t)}},{key:"getTextures",value:function(){return this.textures}},{key:"getFontCount",value:function(){return this.fonts.size}},{key:"getGlyphCount",value:function(){var t=0,r=B(this.fonts.values()),i;try{for(r.s();!(i=r.n()).done;){var o=i.value;t+=o.glyphs.size}}catch(s){r.e(s)}finally{r.f()}return t}},{key:"hasPendingGlyphs",value:function(){return this.pendingGlyphs.length>0}},{key:"flush",value:function(){this.debounceTimer&&(clearTimeout(this.debounceTimer),this.debounceTimer=null),this.generateTextures()}},{key:"destroy",value:function(){this.debounceTimer&&clearTimeout(this.debounceTimer),this.fonts.clear(),this.textures=[],this.pendingGlyphs=[],this.removeAllListeners()}},{key:"scheduleTextureGeneration",value:function(){var t=this;this.debounceTimer===null&&(this.options.debounceTimeout===null?this.generateTextures():this.debounceTimer=setTimeout(function(){t.debounceTimer=null,t.generateTextures()},this.options.debounceTimeout))}},{key:"generateTextures",value:function(){if(this.pendingGlyphs.length!==0){var t=this.options,r=t.maxTextureSize,i=t.buffer,o=t.radius,s=t.cutoff,l=B(this.pendingGlyphs),u;try{for(l.s();!(u=l.n()).done;){var d=u.value,c=d.fontKey,h=d.charCode,f=this.fonts.get(c);if(!(!f||f.glyphs.has(h))){var g=String.fromCodePoint(h),p=Rc(f.generator,g,i,o,s),m=p.width,v=p.height;this.cursor.x+m+In>r&&(this.cursor.x=0,this.cursor.y+=this.cursor.rowHeight+In,this.cursor.rowHeight=0),this.cursor.y+v+In>r&&(this.finalizeCurrentTexture(),this.cursor={x:0,y:0,rowHeight:0,atlasIndex:this.cursor.atlasIndex+1},this.ctx.clearRect(0,0,r,r));for(var y=p.data,b=new Uint8ClampedArray(m*v*4),x=0;x<y.length;x++){var _=x*4;b[_]=255,b[_+1]=255,b[_+2]=255,b[_+3]=y[x]}var E=new ImageData(b,m,v);this.ctx.putImageData(E,this.cursor.x,this.cursor.y);var w={charCode:h,width:p.glyphWidth,height:p.glyphHeight,bearingX:-p.glyphLeft-i,bearingY:p.glyphTop+i,advance:p.glyphAdvance,atlasX:this.cursor.x,atlasY:this.cursor.y,atlasWidth:m,atlasHeight:v,atlasIndex:this.cursor.atlasIndex};f.glyphs.set(h,w),this.cursor.x+=m+In,this.cursor.rowHeight=Math.max(this.cursor.rowHeight,v)}}}catch(A){l.e(A)}finally{l.f()}this.finalizeCurrentTexture(),this.pendingGlyphs=[],this.emit(n.ATLAS_UPDATED_EVENT,{textures:this.textures,glyphCount:this.getGlyphCount()})}}},{key:"finalizeCurrentTexture",value:function(){var t=this.options.maxTextureSize,r=this.cursor.y>0||this.cursor.rowHeight>0,i=Math.min(t,Math.max(this.cursor.x,r?t:1)),o=Math.min(t,this.cursor.y+this.cursor.rowHeight+In),s=this.ctx.getImageData(0,0,i,o);this.cursor.atlasIndex>=this.textures.length?this.textures.push(s):this.textures[this.cursor.atlasIndex]=s}}])})(Go.EventEmitter);R(Ot,"ATLAS_UPDATED_EVENT","atlasUpdated");var Dc=rt.fontSize;function Lc(){var a=`  // -------------------------------------------------------------------------
  // Step 3: Calculate position offset from the shared edge distance
  // -------------------------------------------------------------------------
  vec2 positionOffset = vec2(0.0);

  if (a_positionMode < 4.0) {
    vec2 screenDir = getLabelDirection(a_positionMode);
    float boundaryDistPixels = nodeRadiusPixels * edgeDist;
    positionOffset = screenDir * (boundaryDistPixels + margin);
  }`,n=`#version 300 es

// ============================================================================
// Attributes
// ============================================================================

// Per-character (instanced)
in float a_nodeIndex;        // Index into node data texture
in vec2 a_charOffset;        // Character offset from label origin (pixels)
in vec2 a_charSize;          // Character dimensions (pixels)
in vec4 a_texCoords;         // Atlas coords: (x, y, width, height) in pixels
in vec4 a_color;             // Text color (RGBA)
in float a_margin;           // Gap between node edge and label (pixels)
in float a_positionMode;     // Position: 0=right, 1=left, 2=above, 3=below, 4=over
in float a_labelWidth;       // Total label width (pixels)
in float a_labelHeight;      // Label height (pixels)
in float a_verticalCenter;   // Vertical center offset from baseline (pixels)
in float a_textHeight;       // Actual text height: maxAscent + maxDescent (pixels)
in float a_labelAngle;       // Label rotation angle (radians)

// Per-vertex (constant quad corners)
in vec2 a_quadCorner;        // Quad corner: [-1,-1], [1,-1], [-1,1], [1,1]

// ============================================================================
// Uniforms
// ============================================================================

uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_correctionRatio;
uniform float u_cameraAngle;
uniform vec2 u_resolution;
uniform vec2 u_atlasSize;
uniform sampler2D u_nodeDataTexture;
uniform int u_nodeDataTextureWidth;
uniform sampler2D u_nodeFrameTexture;
uniform int u_nodeFrameTextureWidth;
uniform float u_zoomLabelSizeRatio;
uniform float u_labelPixelSnapping;
uniform float u_pixelRatio;

// ============================================================================
// Varyings
// ============================================================================

out vec2 v_texCoord;
out vec4 v_color;
out float v_fontScale;

// ============================================================================
// Constants
// ============================================================================

const float bias = 255.0 / 254.0;
const float ATLAS_FONT_SIZE = `.concat(Te(Dc),`;

// ============================================================================
// Helper Functions
// ============================================================================

`).concat(gt,`
`).concat(Mt,`
`).concat(vn,`
`).concat(Bo,`

// ============================================================================
// Main
// ============================================================================

void main() {
  // -------------------------------------------------------------------------
  // Step 0: Fetch node data + shared edge distance from textures
  // -------------------------------------------------------------------------
  // Node-data texture format: vec4(x, y, size, shapeId)
  // 2D texture layout: texCoord = (index % width, index / width)
  int nodeIdx = int(a_nodeIndex);
  vec4 nodeData = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx);
  vec2 a_anchorPosition = nodeData.xy;
  float a_nodeSize = nodeData.z;

  // Normalized edge distance from the shared frame texture (the frame-pass ran
  // the SDF search once; the label just reads the result).
  float edgeDist = readFrameTexel(u_nodeFrameTexture, u_nodeFrameTextureWidth, nodeIdx).r;

  // Per-node label rotation alignment: 0 = viewport, 1 = label turns with camera.
  float labelRotation = readNodeFlags(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx).g;

  // Apply zoom-dependent label size scaling
  // Positional values are in CSS pixels; multiply by u_pixelRatio to convert to
  // physical pixels, which is what the NDC conversion (/ u_resolution) expects.
  float zoomScale = u_zoomLabelSizeRatio;
  float margin = a_margin * zoomScale * u_pixelRatio;
  vec2 charOffset = a_charOffset * zoomScale * u_pixelRatio;
  vec2 charSize = a_charSize * zoomScale * u_pixelRatio;
  float labelWidth = a_labelWidth * zoomScale * u_pixelRatio;
  float labelHeight = a_labelHeight * zoomScale;

  // Font scale: ratio of CSS label size to the base atlas font size.
  // Divided by u_pixelRatio because the atlas is generated at ATLAS_FONT_SIZE * pixelRatio,
  // which cancels out the u_pixelRatio in the fragment shader's gamma formula and keeps
  // the anti-aliasing band width consistent across pixel densities.
  v_fontScale = a_labelHeight * zoomScale / (ATLAS_FONT_SIZE * u_pixelRatio);

  // -------------------------------------------------------------------------
  // Step 1: Transform node position to clip space
  // -------------------------------------------------------------------------
  vec3 anchorClip = u_matrix * vec3(a_anchorPosition, 1.0);

  // -------------------------------------------------------------------------
  // Step 2: Convert node size to screen pixels
  // -------------------------------------------------------------------------
  float matrixScaleX = length(vec2(u_matrix[0][0], u_matrix[1][0]));
  float nodeRadiusGraphSpace = a_nodeSize * u_correctionRatio / u_sizeRatio * 2.0;
  float nodeRadiusNDC = nodeRadiusGraphSpace * matrixScaleX;
  float nodeRadiusPixels = nodeRadiusNDC * u_resolution.x / 2.0;

`).concat(a,`

  // -------------------------------------------------------------------------
  // Step 4: Calculate final vertex position
  // -------------------------------------------------------------------------
  vec2 cornerOffset = (a_quadCorner + 1.0) * 0.5;
  vec2 charPixelPos = positionOffset + charOffset + cornerOffset * charSize;

  // Apply text alignment based on position mode
  float verticalCenter = a_verticalCenter * zoomScale * u_pixelRatio;
  float textHeight = a_textHeight * zoomScale * u_pixelRatio;
  float baselineToDescent = textHeight / 2.0 - verticalCenter;
  float baselineToAscent = textHeight / 2.0 + verticalCenter;

  if (a_positionMode < 0.5) {
    // Right: vertically center
    charPixelPos.y += verticalCenter;
  } else if (a_positionMode < 1.5) {
    // Left: right-align and vertically center
    charPixelPos.x -= labelWidth;
    charPixelPos.y += verticalCenter;
  } else if (a_positionMode < 2.5) {
    // Above: center horizontally, bottom of text at anchor
    charPixelPos.x -= labelWidth * 0.5;
    charPixelPos.y -= baselineToDescent;
  } else if (a_positionMode < 3.5) {
    // Below: center horizontally, top of text at anchor
    charPixelPos.x -= labelWidth * 0.5;
    charPixelPos.y += baselineToAscent;
  } else {
    // Over: center both
    charPixelPos.x -= labelWidth * 0.5;
    charPixelPos.y += verticalCenter;
  }

  // Apply label angle rotation. Graph-aligned labels add the camera angle so the
  // whole label orbits the node in lockstep with the frame-pass edge distance.
  float labelAngle = a_labelAngle - labelRotation * u_cameraAngle;
  float la_c = cos(labelAngle);
  float la_s = sin(labelAngle);
  mat2 labelRotMat = mat2(la_c, -la_s, la_s, la_c);
  charPixelPos = labelRotMat * charPixelPos;

  // Snap node center to pixel grid so label/backdrop/attachment move as a unit
  vec2 nodeScreen = vec2(
    (anchorClip.x + 1.0) * u_resolution.x,
    (1.0 - anchorClip.y) * u_resolution.y
  ) * 0.5;
  charPixelPos += (round(nodeScreen) - nodeScreen) * u_labelPixelSnapping;

  // Convert to NDC (flip Y: screen Y-down -> clip Y-up)
  vec2 ndcOffset = vec2(charPixelPos.x, -charPixelPos.y) * 2.0 / u_resolution;
  gl_Position = vec4(anchorClip.xy + ndcOffset, 0.0, 1.0);

  // -------------------------------------------------------------------------
  // Step 5: Texture coordinates
  // -------------------------------------------------------------------------
  v_texCoord = (a_texCoords.xy + cornerOffset * a_texCoords.zw) / u_atlasSize;

  // -------------------------------------------------------------------------
  // Step 6: Pass color
  // -------------------------------------------------------------------------
  v_color = a_color;
  v_color.a *= bias;
}
`);return n}function Cc(){var a=`#version 300 es
precision highp float;

in vec2 v_texCoord;
in vec4 v_color;
in float v_fontScale;

uniform sampler2D u_atlas;
uniform float u_gamma;
uniform float u_sdfBuffer;
uniform float u_pixelRatio;

// Fragment output (single target - picking handled via separate pass)
out vec4 fragColor;

void main() {
  #ifdef PICKING_MODE
    // Labels are not pickable - discard all fragments in picking mode
    fragColor = vec4(0.0);
    discard;
  #else
    // Sample SDF value from atlas (high = inside glyph, low = outside)
    float sdfValue = texture(u_atlas, v_texCoord).a;

    // Edge threshold: 1.0 - cutoff = 0.75 for default cutoff=0.25
    // This is where the glyph edge is located in the SDF
    float edgeThreshold = 1.0 - u_sdfBuffer;

    // Gamma controls the anti-aliasing band width.
    // Scale inversely with font scale so small labels get a wider AA band
    // (smoother) and large labels get a tighter band (sharper).
    float gamma = u_gamma / (u_pixelRatio * v_fontScale);

    // Pure gamma-based anti-aliasing using smoothstep
    // The AA band extends from (threshold - gamma) to (threshold + gamma)
    float alpha = smoothstep(edgeThreshold - gamma, edgeThreshold + gamma, sdfValue);

    // Premultiplied alpha output for correct blending
    float finalAlpha = v_color.a * alpha;
    fragColor = vec4(v_color.rgb * finalAlpha, finalAlpha);
  #endif
}
`;return a}function kc(){return["u_matrix","u_sizeRatio","u_correctionRatio","u_cameraAngle","u_resolution","u_atlasSize","u_atlas","u_gamma","u_sdfBuffer","u_pixelRatio","u_nodeDataTexture","u_nodeDataTextureWidth","u_nodeFrameTexture","u_nodeFrameTextureWidth","u_zoomLabelSizeRatio","u_labelPixelSnapping"]}function Pc(){return{vertexShader:Lc(),fragmentShader:Cc(),uniforms:kc()}}function Ic(a,n,e,t){var r,i,o=t.label,s=o===void 0?{}:o,l=(r=s.margin)!==null&&r!==void 0?r:gn,u=(i=s.zoomToLabelSizeRatioFunction)!==null&&i!==void 0?i:function(){return 1},d=Pc(),c=(function(h){function f(g,p,m){var v,y,b,x;if(ne(this,f),x=pe(this,f,[g,p,m]),R(x,"atlasTexture",null),R(x,"atlasNeedsUpdate",!1),R(x,"labelGlyphCache",new Map),x.atlasFontSize=rt.fontSize*Pn(),x.atlasManager=new Ot({fontSize:x.atlasFontSize}),x.gamma=.025,x.sdfBuffer=rt.cutoff,x.atlasTexture=g.createTexture(),!x.atlasTexture)throw new Error("NodeLabelProgram: failed to create atlas texture");g.bindTexture(g.TEXTURE_2D,x.atlasTexture),g.texParameteri(g.TEXTURE_2D,g.TEXTURE_WRAP_S,g.CLAMP_TO_EDGE),g.texParameteri(g.TEXTURE_2D,g.TEXTURE_WRAP_T,g.CLAMP_TO_EDGE),g.texParameteri(g.TEXTURE_2D,g.TEXTURE_MIN_FILTER,g.LINEAR),g.texParameteri(g.TEXTURE_2D,g.TEXTURE_MAG_FILTER,g.LINEAR),g.bindTexture(g.TEXTURE_2D,null),x.atlasManager.on(Ot.ATLAS_UPDATED_EVENT,function(){x.atlasNeedsUpdate=!0});var _={family:((v=s.font)===null||v===void 0?void 0:v.family)||"sans-serif",weight:((y=s.font)===null||y===void 0?void 0:y.weight)||"normal",style:((b=s.font)===null||b===void 0?void 0:b.style)||"normal"};return x.defaultFontKey=x.atlasManager.registerFont(_),x}return me(f,h),ae(f,[{key:"getDefinition",value:function(){var p=WebGL2RenderingContext,m=p.FLOAT,v=p.UNSIGNED_BYTE,y=p.TRIANGLE_STRIP;return{VERTICES:4,VERTEX_SHADER_SOURCE:d.vertexShader,FRAGMENT_SHADER_SOURCE:d.fragmentShader,METHOD:y,UNIFORMS:d.uniforms,ATTRIBUTES:[{name:"a_nodeIndex",size:1,type:m},{name:"a_charOffset",size:2,type:m},{name:"a_charSize",size:2,type:m},{name:"a_texCoords",size:4,type:m},{name:"a_color",size:4,type:v,normalized:!0},{name:"a_margin",size:1,type:m},{name:"a_positionMode",size:1,type:m},{name:"a_labelWidth",size:1,type:m},{name:"a_labelHeight",size:1,type:m},{name:"a_verticalCenter",size:1,type:m},{name:"a_textHeight",size:1,type:m},{name:"a_labelAngle",size:1,type:m}],CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:m}],CONSTANT_DATA:[[-1,-1],[1,-1],[-1,1],[1,1]]}}},{key:"prepareLabelGlyphs",value:function(p,m){if(m.hidden||!m.text){this.labelGlyphCache.delete(p);return}var v=m.text,y=m.fontKey||this.defaultFontKey;this.atlasManager.ensureGlyphs(v,y);var b=[],x=[],_=0,E=0,w=0,A=B(v),S;try{for(A.s();!(S=A.n()).done;){var L=S.value,G=L.codePointAt(0);if(G===void 0){b.push(void 0),x.push(_);continue}var C=this.atlasManager.getGlyph(G,y);b.push(C),x.push(_),C&&(_+=C.advance,E=Math.max(E,C.bearingY),w=Math.max(w,C.atlasHeight-C.bearingY))}}catch(N){A.e(N)}finally{A.f()}this.labelGlyphCache.set(p,{glyphs:b,xOffsets:x,totalWidth:_,totalHeight:E+w,verticalCenterOffset:(E-w)/2})}},{key:"processCharacter",value:function(p,m,v,y){var b=this.floats,x=this.STRIDE,_=p*x,E=this.labelGlyphCache.get(m.parentKey);if(!E||!E.glyphs[y]){for(var w=0;w<x;w++)b[_+w]=0;return}var A=E.glyphs[y],S=E.xOffsets[y],L=m.size/this.atlasFontSize,G=je(m.color),C=_;b[C++]=m.nodeIndex,b[C++]=(S+A.bearingX)*L,b[C++]=-A.bearingY*L,b[C++]=A.atlasWidth*L,b[C++]=A.atlasHeight*L,b[C++]=A.atlasX,b[C++]=A.atlasY,b[C++]=A.atlasWidth,b[C++]=A.atlasHeight,b[C++]=G,b[C++]=m.margin,b[C++]=fn[m.position],b[C++]=E.totalWidth*L,b[C++]=m.size,b[C++]=E.verticalCenterOffset*L,b[C++]=E.totalHeight*L,b[C++]=m.labelAngle}},{key:"processLabel",value:function(p,m,v){return this.prepareLabelGlyphs(p,v),Ae(f,"processLabel",this,3)([p,m,v])}},{key:"updateAtlasTexture",value:function(){if(this.atlasNeedsUpdate){var p=this.normalProgram.gl,m=this.atlasManager.getTextures();if(m.length!==0){var v=m[0];p.bindTexture(p.TEXTURE_2D,this.atlasTexture),p.texImage2D(p.TEXTURE_2D,0,p.RGBA,v.width,v.height,0,p.RGBA,p.UNSIGNED_BYTE,v.data),p.bindTexture(p.TEXTURE_2D,null),this.atlasNeedsUpdate=!1}}}},{key:"setUniforms",value:function(p,m){var v=m.gl,y=m.uniformLocations;v.uniformMatrix3fv(y.u_matrix,!1,p.matrix),v.uniform1f(y.u_sizeRatio,p.sizeRatio),v.uniform1f(y.u_correctionRatio,p.correctionRatio),v.uniform1f(y.u_cameraAngle,p.cameraAngle),v.uniform2f(y.u_resolution,p.width*p.pixelRatio,p.height*p.pixelRatio);var b=this.atlasManager.getTextures();b.length>0?v.uniform2f(y.u_atlasSize,b[0].width,b[0].height):v.uniform2f(y.u_atlasSize,1,1),v.activeTexture(v.TEXTURE0),v.bindTexture(v.TEXTURE_2D,this.atlasTexture),v.uniform1i(y.u_atlas,0),y.u_nodeDataTexture!==void 0&&v.uniform1i(y.u_nodeDataTexture,p.nodeDataTextureUnit),y.u_nodeDataTextureWidth!==void 0&&v.uniform1i(y.u_nodeDataTextureWidth,p.nodeDataTextureWidth),v.uniform1i(y.u_nodeFrameTexture,p.nodeFrameTextureUnit),v.uniform1i(y.u_nodeFrameTextureWidth,p.nodeFrameTextureWidth),v.uniform1f(y.u_gamma,this.gamma),v.uniform1f(y.u_sdfBuffer,this.sdfBuffer),v.uniform1f(y.u_pixelRatio,p.pixelRatio),v.uniform1f(y.u_zoomLabelSizeRatio,1/f.zoomToLabelSizeRatioFunction(p.zoomRatio)),v.uniform1f(y.u_labelPixelSnapping,p.labelPixelSnapping)}},{key:"renderProgram",value:function(p,m){this.updateAtlasTexture(),this.atlasManager.hasPendingGlyphs()&&(this.atlasManager.flush(),this.updateAtlasTexture()),Ae(f,"renderProgram",this,3)([p,m])}},{key:"registerFont",value:function(p){var m=arguments.length>1&&arguments[1]!==void 0?arguments[1]:"normal",v=arguments.length>2&&arguments[2]!==void 0?arguments[2]:"normal";return this.atlasManager.registerFont({family:p,weight:m,style:v})}},{key:"getAtlasManager",value:function(){return this.atlasManager}},{key:"measureLabel",value:function(p,m,v){var y=v||this.defaultFontKey;this.atlasManager.ensureGlyphs(p,y),this.atlasManager.hasPendingGlyphs()&&this.atlasManager.flush();var b=0,x=0,_=0,E=B(p),w;try{for(E.s();!(w=E.n()).done;){var A=w.value,S=A.codePointAt(0);if(S!==void 0){var L=this.atlasManager.getGlyph(S,y);L&&(b+=L.advance,x=Math.max(x,L.bearingY),_=Math.max(_,L.atlasHeight-L.bearingY))}}}catch(C){E.e(C)}finally{E.f()}var G=m/this.atlasFontSize;return{width:b*G,height:m,textHeight:(x+_)*G}}},{key:"ensureGlyphsReady",value:function(p,m){var v=m||this.defaultFontKey,y=B(p),b;try{for(y.s();!(b=y.n()).done;){var x=b.value;this.atlasManager.ensureGlyphs(x,v)}}catch(_){y.e(_)}finally{y.f()}this.atlasManager.flush()}},{key:"kill",value:function(){var p=this.normalProgram.gl;this.atlasTexture&&(p.deleteTexture(this.atlasTexture),this.atlasTexture=null),this.atlasManager.destroy(),this.labelGlyphCache.clear(),Ae(f,"kill",this,3)([])}}])})(jo);return R(c,"labelMargin",l),R(c,"zoomToLabelSizeRatioFunction",u),new c(a,n,e)}var Fc=`#version 300 es
precision highp float;

in float v_edgeDist;

// R32F target: only the .r channel is stored.
out vec4 fragColor;

void main() {
  fragColor = vec4(v_edgeDist, 0.0, 0.0, 0.0);
}
`;function Gc(a,n,e){var t=Br(a),r=Wn(a).map(function(g){return"uniform ".concat(g.type," ").concat(g.name,";")}).join(`
`),i=ic(a,e),o=i.code,s=i.multiShape,l=pn(a,n),u=Object.keys(l.specs).map(function(g){return"float v_".concat(g,";")}).join(`
`),d=hn(l,{varPrefix:"nodeAttr",baseTexelExpr:"nodeIdx * u_layerAttributeTexelsPerNode",textureWidthUniform:"u_layerAttributeTextureWidth",textureSamplerUniform:"u_layerAttributeTexture"}),c=d.fetchCode,h=d.varyingAssignments,f=`#version 300 es
precision highp float;

uniform float u_cameraAngle;
uniform sampler2D u_nodeDataTexture;
uniform int u_nodeDataTextureWidth;
uniform float u_frameTextureWidth;
uniform float u_frameTextureHeight;
uniform sampler2D u_layerAttributeTexture;
uniform int u_layerAttributeTextureWidth;
uniform int u_layerAttributeTexelsPerNode;
`.concat(r,`

in float a_nodeIndex;     // node-data texture index (also the target frame texel)
in float a_positionMode;  // 0=right 1=left 2=above 3=below 4=over
in float a_labelAngle;    // intrinsic label angle (radians)

out float v_edgeDist;

// Shape attributes (plain globals: this pass is vertex-only)
`).concat(u,`

`).concat(gt,`
`).concat(Mt,`
`).concat(t,`
`).concat(o,`
`).concat(Bo,`

void main() {
  int nodeIdx = int(a_nodeIndex);
`).concat(c,`
`).concat(h,`
  `).concat(s?`// Multi-shape: the shape id lives in the node-data texture's .w channel:
  g_shapeId = int(readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx).w);`:"// Single-shape mode, shape id not needed",`

  // Per-node rotation alignment (0 = viewport, 1 = graph).
  vec4 nodeFlags = readNodeFlags(u_nodeDataTexture, u_nodeDataTextureWidth, nodeIdx);
  float nodeRotation = nodeFlags.r;
  float labelRotation = nodeFlags.g;

  // Effective angle: intrinsic (style-given) plus the camera angle when the label
  // is graph-aligned. The companions place the box at this same angle.
  float effectiveAngle = a_labelAngle - labelRotation * u_cameraAngle;

  // The "over" mode (4) sits on the node center, so it has no edge distance.
  float edgeDist = 0.0;
  if (a_positionMode < 4.0) {
    vec2 screenDir = getLabelDirection(a_positionMode);
    // Rotate by the effective label angle. Inlined rather than via rotate2D()
    // because the shape SDFs (getShapeGLSLForShapes) already define that helper
    // for multi-shape programs, and redefining it would be a GLSL error.
    float ea_c = cos(effectiveAngle);
    float ea_s = sin(effectiveAngle);
    vec2 rotatedScreenDir = mat2(ea_c, -ea_s, ea_s, ea_c) * screenDir;
    // Screen (Y-down) -> SDF (Y-up).
    vec2 sdfDir = vec2(rotatedScreenDir.x, -rotatedScreenDir.y);
    // Counter-rotate into the shape's local frame for graph-aligned nodes, so the
    // boundary is queried against the shape's actual on-screen orientation.
    float nodeCa = -u_cameraAngle * nodeRotation;
    float nc = cos(nodeCa), ns = sin(nodeCa);
    sdfDir = mat2(nc, -ns, ns, nc) * sdfDir;
    edgeDist = findEdgeDistance(sdfDir, 1.0);
  }
  v_edgeDist = edgeDist;

  // Scatter to this node's texel center in the frame texture.
  float x = mod(a_nodeIndex, u_frameTextureWidth);
  float y = floor(a_nodeIndex / u_frameTextureWidth);
  vec2 ndc = (vec2(x, y) + 0.5) / vec2(u_frameTextureWidth, u_frameTextureHeight) * 2.0 - 1.0;
  gl_Position = vec4(ndc, 0.0, 1.0);
  gl_PointSize = 1.0;
}
`);return f}var qo=(function(){function a(n,e){ne(this,a),R(this,"uniformLocations",{});var t=e.shapes,r=e.layers,i=e.shapeGlobalIds;if(t.length===0)throw new Error("NodeLabelFramePass: at least one shape must be provided");this.gl=n,this.shapeUniforms=Wn(t),this.hasAttributeData=Object.keys(pn(t,r).offsets).length>0,this.vertexShader=Wr(n,Gc(t,r,i)),this.fragmentShader=Or(n,Fc),this.program=Mr(n,[this.vertexShader,this.fragmentShader]);var o=["u_cameraAngle","u_nodeDataTexture","u_nodeDataTextureWidth","u_frameTextureWidth","u_frameTextureHeight","u_layerAttributeTexture","u_layerAttributeTextureWidth","u_layerAttributeTexelsPerNode"].concat(Q(this.shapeUniforms.map(function(v){return v.name}))),s=B(o),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;this.uniformLocations[u]=n.getUniformLocation(this.program,u)}}catch(v){s.e(v)}finally{s.f()}var d=a.FLOATS_PER_POINT*4;this.vao=n.createVertexArray(),this.buffer=n.createBuffer(),n.bindVertexArray(this.vao),n.bindBuffer(n.ARRAY_BUFFER,this.buffer);var c=B([["a_nodeIndex",0],["a_positionMode",4],["a_labelAngle",8]]),h;try{for(c.s();!(h=c.n()).done;){var f=oe(h.value,2),g=f[0],p=f[1],m=n.getAttribLocation(this.program,g);m>=0&&(n.enableVertexAttribArray(m),n.vertexAttribPointer(m,1,n.FLOAT,!1,d,p))}}catch(v){c.e(v)}finally{c.f()}n.bindVertexArray(null)}return ae(a,[{key:"run",value:function(e,t,r,i,o){if(t!==0){var s=this.gl;s.useProgram(this.program),s.bindVertexArray(this.vao),s.bindBuffer(s.ARRAY_BUFFER,this.buffer),s.bufferData(s.ARRAY_BUFFER,e.subarray(0,t*a.FLOATS_PER_POINT),s.DYNAMIC_DRAW);var l=this.uniformLocations;s.uniform1f(l.u_cameraAngle,i.cameraAngle),s.uniform1i(l.u_nodeDataTexture,i.nodeDataTextureUnit),s.uniform1i(l.u_nodeDataTextureWidth,i.nodeDataTextureWidth),s.uniform1f(l.u_frameTextureWidth,r.getTextureWidth()),s.uniform1f(l.u_frameTextureHeight,r.getTextureHeight()),this.hasAttributeData&&o&&(o.bind(Tt),l.u_layerAttributeTexture&&s.uniform1i(l.u_layerAttributeTexture,Tt),l.u_layerAttributeTextureWidth&&s.uniform1i(l.u_layerAttributeTextureWidth,o.getTextureWidth()),l.u_layerAttributeTexelsPerNode&&s.uniform1i(l.u_layerAttributeTexelsPerNode,o.getTexelsPerItem()));var u=B(this.shapeUniforms),d;try{for(u.s();!(d=u.n()).done;){var c=d.value;$r(s,this.uniformLocations[c.name],c)}}catch(h){u.e(h)}finally{u.f()}r.bindAsRenderTarget(),s.disable(s.BLEND),s.disable(s.DEPTH_TEST),s.drawArrays(s.POINTS,0,t),s.bindFramebuffer(s.FRAMEBUFFER,null),s.bindVertexArray(null)}}},{key:"kill",value:function(){var e=this.gl;e.deleteProgram(this.program),e.deleteShader(this.vertexShader),e.deleteShader(this.fragmentShader),e.deleteBuffer(this.buffer),e.deleteVertexArray(this.vao)}}])})();R(qo,"FLOATS_PER_POINT",3);function Xo(a,n,e,t,r){var i,o=t.label,s=o===void 0?{}:o,l=t.shapes;if(l.length===0)throw new Error("createNodeProgram: at least one shape must be provided in 'shapes'");var u={},d=[],c;l.forEach(function(w,A){var S=Yd(w);A===0&&(c=S),u[w.name]=A,d[A]=Nn(S)});var h=Q(t.layers),f=Do({shapes:l,layers:h,shapeGlobalIds:l.length>1?d:void 0,antialias:r}),g=Ic(a,null,e,{label:s}),p=Tc(a,null,e,{shapes:l,layers:h,getAttributeTexture:function(){return E.getAttributeTexture()},label:s,shapeGlobalIds:l.length>1?d:void 0}),m=wc(a,n,e,{label:s}),v=t.labelAttachments&&Object.keys(t.labelAttachments).length>0?fc(a,null,e,{label:s}):null,y=new qo(a,{shapes:l,layers:h,shapeGlobalIds:l.length>1?d:void 0}),b=Ma(l,h),x=Xe(b),_=(i=(function(w){function A(S,L,G){var C;ne(this,A),C=pe(this,A,[S,L,G]),R(C,"layerLifecycles",new Map),R(C,"layersNeedingRegeneration",new Set),R(C,"attrDescriptors",[]),C._pickingBuffer=L;var N=_.layerTextures.get(S);N||(N=new Na(S,x),_.layerTextures.set(S,N)),C.layerAttributeTexture=N;var k=_.textureRefCounts.get(S)||0;_.textureRefCounts.set(S,k+1),C.packedAttributeData=new Float32Array(x.floatsPerItem),h.forEach(function(W,P){if(W.lifecycle){var T={gl:S,renderer:{refresh:function(){return G.refresh()}},getUniformLocation:function(z){return S.getUniformLocation(C.normalProgram.program,z)},requestShaderRegeneration:function(){C.layersNeedingRegeneration.add(P)},requestRefresh:function(){G.refresh()}},F=W.lifecycle(T);C.layerLifecycles.set(P,F)}}),C.layerLifecycles.forEach(function(W){var P;(P=W.init)===null||P===void 0||P.call(W)});var I=new Map;return C.layerLifecycles.forEach(function(W,P){W.getAttributeData&&I.set(P,W)}),C.attrDescriptors=Wa(b,x,I),C}return me(A,w),ae(A,[{key:"getDefinition",value:function(){var L=WebGL2RenderingContext,G=L.FLOAT,C=L.TRIANGLE_STRIP;return{VERTICES:4,VERTEX_SHADER_SOURCE:f.vertexShader,FRAGMENT_SHADER_SOURCE:f.fragmentShader,METHOD:C,UNIFORMS:f.uniforms,ATTRIBUTES:f.attributes,CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:G}],CONSTANT_DATA:[[-1,-1],[1,-1],[-1,1],[1,1]]}}},{key:"maybeRegenerateShaders",value:function(){var L=this;if(this.layersNeedingRegeneration.size!==0){h=h.map(function(P,T){if(L.layersNeedingRegeneration.has(T)){var F=L.layerLifecycles.get(T);if(F!=null&&F.regenerate){var M=F.regenerate();return $($({},M),{},{lifecycle:P.lifecycle})}}return P}),this.layersNeedingRegeneration.clear(),f=Do({shapes:l,layers:h,shapeGlobalIds:l.length>1?d:void 0,antialias:this.renderer.getSetting("antialiasNodes")});var G=this.normalProgram.gl,C=this.normalProgram,N=C.program,k=C.buffer,I=C.vertexShader,W=C.fragmentShader;G.deleteProgram(N),G.deleteBuffer(k),G.deleteShader(I),G.deleteShader(W),this.normalProgram=this.getProgramInfo("normal",G,f.vertexShader,f.fragmentShader,this._pickingBuffer)}}},{key:"allocateNode",value:function(L){this.layerAttributeTexture.allocate(L)}},{key:"freeNode",value:function(L){this.layerAttributeTexture.free(L)}},{key:"getAttributeTexture",value:function(){return this.layerAttributeTexture}},{key:"uploadLayerTexture",value:function(){this.layerAttributeTexture.upload()}},{key:"process",value:function(L,G,C,N,k){var I=G*this.STRIDE;if(C.visibility==="hidden"){for(var W=I+this.STRIDE;I<W;I++)this.floats[I]=0;this.floats[G*this.STRIDE]=Ho;return}this.processVisibleItem(on(L),I,C,N,k)}},{key:"processVisibleItem",value:function(L,G,C,N,k){var I,W=this.floats,P=this.ints;if(W[G++]=N,P[G++]=L,W[G++]=(I=C.opacity)!==null&&I!==void 0?I:1,x.floatsPerItem!==0){var T=this.packedAttributeData;Oa(this.attrDescriptors,C,T,C.color,this.layerLifecycles,0),this.layerAttributeTexture.updateAllAttributes(k,T)}}},{key:"setUniforms",value:function(L,G){var C=this,N=G.gl,k=G.uniformLocations;k.u_matrix&&N.uniformMatrix3fv(k.u_matrix,!1,L.matrix),k.u_sizeRatio&&N.uniform1f(k.u_sizeRatio,L.sizeRatio),k.u_correctionRatio&&N.uniform1f(k.u_correctionRatio,L.correctionRatio),k.u_pickingPadding&&N.uniform1f(k.u_pickingPadding,L.nodePickingPadding),k.u_cameraAngle&&N.uniform1f(k.u_cameraAngle,L.cameraAngle),k.u_nodeDataTexture&&N.uniform1i(k.u_nodeDataTexture,L.nodeDataTextureUnit),k.u_nodeDataTextureWidth&&N.uniform1i(k.u_nodeDataTextureWidth,L.nodeDataTextureWidth),k.u_layerAttributeTexture&&(this.layerAttributeTexture.bind(Tt),N.uniform1i(k.u_layerAttributeTexture,Tt)),k.u_layerAttributeTextureWidth&&N.uniform1i(k.u_layerAttributeTextureWidth,this.layerAttributeTexture.getTextureWidth()),k.u_layerAttributeTexelsPerNode&&N.uniform1i(k.u_layerAttributeTexelsPerNode,this.layerAttributeTexture.getTexelsPerItem()),l.forEach(function(I){I.uniforms.forEach(function(W){C.setTypedUniform(W,G)})}),h.forEach(function(I){I.uniforms.forEach(function(W){C.setTypedUniform(W,G)})})}},{key:"render",value:function(L,G,C){this.maybeRegenerateShaders(),Ae(A,"render",this,3)([L,G,C])}},{key:"renderProgram",value:function(L,G){var C=G.gl,N=G.program;C.useProgram(N),G===this.normalProgram&&this.layerLifecycles.forEach(function(k){var I;(I=k.beforeRender)===null||I===void 0||I.call(k)}),Ae(A,"renderProgram",this,3)([L,G])}},{key:"kill",value:function(){this.layerLifecycles.forEach(function(C){var N;(N=C.kill)===null||N===void 0||N.call(C)}),this.layerLifecycles.clear();var L=this.normalProgram.gl,G=(_.textureRefCounts.get(L)||1)-1;G<=0?(this.layerAttributeTexture.kill(),_.layerTextures.delete(L),_.textureRefCounts.delete(L)):_.textureRefCounts.set(L,G),Ae(A,"kill",this,3)([])}}])})(Bt),R(i,"layerTextures",new WeakMap),R(i,"textureRefCounts",new WeakMap),i),E=new _(a,null,e);return{nodeProgram:E,labelProgram:g,backdropProgram:p,labelBackgroundProgram:m,attachmentProgram:v,framePass:y,shapeSlug:c,shapeNameToIndex:l.length>1?u:void 0,shapeGlobalIds:l.length>1?d:void 0}}var Et=6;function Mn(a){var n=a.offsets,e=a.specs,t=a.floatsPerItem,r=Object.keys(n);if(r.length===0||t===0)return{uniformDeclarations:"",uniformNames:[],vertexVaryingDeclarations:"",fragmentVaryingDeclarations:"",fetchCode:"",varyingAssignments:""};var i=`
uniform sampler2D u_edgeAttributeTexture;
uniform int u_edgeAttributeTextureWidth;
uniform int u_edgeAttributeTexelsPerEdge;`,o=["u_edgeAttributeTexture","u_edgeAttributeTextureWidth","u_edgeAttributeTexelsPerEdge"],s=r.map(function(f){var g=e[f].size===1?"float":"vec".concat(e[f].size);return"".concat(g," v_").concat(f,";")}),l=s.map(function(f){return"out ".concat(f)}).join(`
`),u=s.map(function(f){return"in ".concat(f)}).join(`
`),d=hn(a,{varPrefix:"attr",baseTexelExpr:"edgeIdx * u_edgeAttributeTexelsPerEdge",textureWidthUniform:"u_edgeAttributeTextureWidth",textureSamplerUniform:"u_edgeAttributeTexture"}),c=d.fetchCode,h=d.varyingAssignments;return{uniformDeclarations:i,uniformNames:o,vertexVaryingDeclarations:l,fragmentVaryingDeclarations:u,fetchCode:c,varyingAssignments:h}}function zc(a){return`
float findSourceClampT_`.concat(a,`(vec2 source, float sourceSize, int sourceShapeId, float sourceRotateAlign, vec2 target, float margin) {
  float lo = 0.0, hi = 0.5;
  float nodeExtent = sourceSize * u_correctionRatio / u_sizeRatio * 2.0;
  float effectiveSize = 1.0 - u_correctionRatio / nodeExtent;

  // Counter-rotate the query point so viewport-aligned nodes (rotateAlign=0) are
  // clamped against their on-screen orientation; graph-aligned nodes skip it.
  float ca = u_cameraAngle * (1.0 - sourceRotateAlign);
  float rc = cos(ca), rs = sin(ca);
  mat2 rot = mat2(rc, -rs, rs, rc);

  for (int i = 0; i < 12; i++) {
    float mid = (lo + hi) * 0.5;
    vec2 pos = path_`).concat(a,`_position(mid, source, target);
    vec2 localPos = rot * ((pos - source) / nodeExtent);
    float sdf = querySDF(sourceShapeId, localPos, effectiveSize);
    if (sdf < 0.0) lo = mid;
    else hi = mid;
  }

  float pathLen = path_`).concat(a,`_length(source, target);
  float marginT = (margin * u_correctionRatio / u_sizeRatio) / pathLen;
  return (lo + hi) * 0.5 + marginT;
}
`)}function Nc(a){return`
float findTargetClampT_`.concat(a,`(vec2 source, vec2 target, float targetSize, int targetShapeId, float targetRotateAlign, float margin) {
  float lo = 0.5, hi = 1.0;
  float nodeExtent = targetSize * u_correctionRatio / u_sizeRatio * 2.0;
  float effectiveSize = 1.0 - u_correctionRatio / nodeExtent;

  // See findSourceClampT_ for the rotation rationale.
  float ca = u_cameraAngle * (1.0 - targetRotateAlign);
  float rc = cos(ca), rs = sin(ca);
  mat2 rot = mat2(rc, -rs, rs, rc);

  for (int i = 0; i < 12; i++) {
    float mid = (lo + hi) * 0.5;
    vec2 pos = path_`).concat(a,`_position(mid, source, target);
    vec2 localPos = rot * ((pos - target) / nodeExtent);
    float sdf = querySDF(targetShapeId, localPos, effectiveSize);
    if (sdf < 0.0) hi = mid;
    else lo = mid;
  }

  float pathLen = path_`).concat(a,`_length(source, target);
  float marginT = (margin * u_correctionRatio / u_sizeRatio) / pathLen;
  return (lo + hi) * 0.5 - marginT;
}
`)}function Yo(a){return`
// Auto-generated numerical tangent (from position via finite differences)
vec2 path_`.concat(a,`_tangent(float t, vec2 source, vec2 target) {
  float epsilon = 0.001;
  float t1 = max(0.0, t - epsilon);
  float t2 = min(1.0, t + epsilon);
  vec2 p1 = path_`).concat(a,`_position(t1, source, target);
  vec2 p2 = path_`).concat(a,`_position(t2, source, target);
  return normalize(p2 - p1);
}

// Auto-generated normal (perpendicular to tangent)
vec2 path_`).concat(a,`_normal(float t, vec2 source, vec2 target) {
  vec2 tangent = path_`).concat(a,`_tangent(t, source, target);
  return vec2(-tangent.y, tangent.x);
}
`)}function Wc(a){return`
// Auto-generated path length (samples position 16 times)
float path_`.concat(a,`_length(vec2 source, vec2 target) {
  float len = 0.0;
  vec2 prev = path_`).concat(a,`_position(0.0, source, target);
  for (int i = 1; i <= 16; i++) {
    float t = float(i) / 16.0;
    vec2 curr = path_`).concat(a,`_position(t, source, target);
    len += length(curr - prev);
    prev = curr;
  }
  return len;
}
`)}function Oc(a){return`
// Auto-generated closest_t (coarse sample + ternary search)
float path_`.concat(a,`_closest_t(vec2 p, vec2 source, vec2 target) {
  // Coarse search: find best among 10 samples
  float bestT = 0.0;
  float bestDist = 1e10;
  for (int i = 0; i <= 10; i++) {
    float t = float(i) / 10.0;
    vec2 pos = path_`).concat(a,`_position(t, source, target);
    float d = length(p - pos);
    if (d < bestDist) {
      bestDist = d;
      bestT = t;
    }
  }

  // Refine with ternary search
  float lo = max(0.0, bestT - 0.1);
  float hi = min(1.0, bestT + 0.1);
  for (int i = 0; i < 10; i++) {
    float mid1 = lo + (hi - lo) / 3.0;
    float mid2 = hi - (hi - lo) / 3.0;
    float d1 = length(p - path_`).concat(a,`_position(mid1, source, target));
    float d2 = length(p - path_`).concat(a,`_position(mid2, source, target));
    if (d1 < d2) {
      hi = mid2;
    } else {
      lo = mid1;
    }
  }
  return (lo + hi) * 0.5;
}
`)}function Mc(a){return`
// Auto-generated signed distance (via closest_t + normal)
float path_`.concat(a,`_distance(vec2 p, vec2 source, vec2 target) {
  float closestT = path_`).concat(a,`_closest_t(p, source, target);
  vec2 closest = path_`).concat(a,`_position(closestT, source, target);
  vec2 diff = p - closest;
  float dist = length(diff);
  if (dist < 0.0001) return 0.0;

  // Get normal at closest point
  vec2 normal = path_`).concat(a,`_normal(closestT, source, target);
  return dist * sign(dot(diff, normal));
}
`)}function Bc(a){return`
// Auto-generated t_at_distance (binary search)
float path_`.concat(a,`_t_at_distance(float targetDist, vec2 source, vec2 target) {
  if (targetDist <= 0.0) return 0.0;

  float totalLen = path_`).concat(a,`_length(source, target);
  if (targetDist >= totalLen) return 1.0;

  // Binary search for t
  float lo = 0.0, hi = 1.0;
  for (int i = 0; i < 12; i++) {
    float mid = (lo + hi) * 0.5;

    // Compute arc length from 0 to mid
    float arcLen = 0.0;
    vec2 prev = path_`).concat(a,`_position(0.0, source, target);
    for (int j = 1; j <= 8; j++) {
      float t = mid * float(j) / 8.0;
      vec2 curr = path_`).concat(a,`_position(t, source, target);
      arcLen += length(curr - prev);
      prev = curr;
    }

    if (arcLen < targetDist) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return (lo + hi) * 0.5;
}
`)}function ka(a,n){var e=new RegExp("\\b(float|vec[234]|void|int|bool)\\s+".concat(n,"\\s*\\("));return e.test(a)}function Ko(a,n){var e=[];return ka(n,"path_".concat(a,"_length"))||e.push(Wc(a)),ka(n,"path_".concat(a,"_closest_t"))||e.push(Oc(a)),ka(n,"path_".concat(a,"_distance"))||e.push(Mc(a)),ka(n,"path_".concat(a,"_t_at_distance"))||e.push(Bc(a)),e.length>0?`
// ============================================================================
// Auto-generated fallback functions (path only provided position)
// ============================================================================
`.concat(e.join(`
`)):""}function Zo(a){var n,e,t,r=a.paths,i=a.layers,o=(n=a.extremities)!==null&&n!==void 0?n:[];if(r.length===0)throw new Error("At least one path is required in 'paths'");if(i.length===0)throw new Error("At least one layer is required in 'layers'");var s=(e=a.defaultHead)!==null&&e!==void 0?e:"none",l=(t=a.defaultTail)!==null&&t!==void 0?t:"none";return{paths:r,extremities:o,layers:i,path:r[0],layer:i[0],defaultHead:s,defaultTail:l}}var Qo=WebGL2RenderingContext,zn=Qo.FLOAT,ko=Qo.UNSIGNED_BYTE;function Uc(a,n,e){var t=new Set(["u_matrix","u_sizeRatio","u_correctionRatio","u_zoomRatio","u_pixelRatio","u_cameraAngle","u_minEdgeThickness","u_pickingPadding","u_nodeDataTexture","u_nodeDataTextureWidth","u_edgeDataTexture","u_edgeDataTextureWidth","u_edgeFrameTexture","u_edgeFrameTextureWidth","u_edgeAttributeTexture","u_edgeAttributeTextureWidth","u_edgeAttributeTexelsPerEdge"]),r=new Set(t);return a.forEach(function(i){return i.uniforms.forEach(function(o){return r.add(o.name)})}),n.forEach(function(i){return i.uniforms.forEach(function(o){return r.add(o.name)})}),e.forEach(function(i){return i.uniforms.forEach(function(o){return r.add(o.name)})}),Array.from(r)}function Vr(a){var n=new Set,e=[],t=B(a),r;try{for(t.s();!(r=t.n()).done;){var i=r.value;n.has(i.name)||(n.add(i.name),e.push("// Path: ".concat(i.name)),e.push(i.glsl),e.push(Yo(i.name)),e.push(Ko(i.name,i.glsl)))}}catch(o){t.e(o)}finally{t.f()}return e.join(`

`)}function Hc(a){var n=[],e=B(a),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;n.push("// Extremity: ".concat(r.name)),n.push(r.glsl)}}catch(i){e.e(i)}finally{e.f()}return n.join(`

`)}var $c=[{queryName:"queryPathPosition",pathFunc:"position",returnType:"vec2",params:"float t, vec2 source, vec2 target",args:"t, source, target"},{queryName:"queryPathTangent",pathFunc:"tangent",returnType:"vec2",params:"float t, vec2 source, vec2 target",args:"t, source, target"},{queryName:"queryPathNormal",pathFunc:"normal",returnType:"vec2",params:"float t, vec2 source, vec2 target",args:"t, source, target"},{queryName:"queryPathLength",pathFunc:"length",returnType:"float",params:"vec2 source, vec2 target",args:"source, target"},{queryName:"queryPathClosestT",pathFunc:"closest_t",returnType:"float",params:"vec2 p, vec2 source, vec2 target",args:"p, source, target"}];function Vc(a,n){var e=n.queryName,t=n.pathFunc,r=n.returnType,i=n.params,o=n.args;if(a.length===1)return"".concat(r," ").concat(e,"(int pathId, ").concat(i,`) {
  return path_`).concat(a[0].name,"_").concat(t,"(").concat(o,`);
}`);var s=a.map(function(l,u){return"    case ".concat(u,": return path_").concat(l.name,"_").concat(t,"(").concat(o,");")}).join(`
`);return"".concat(r," ").concat(e,"(int pathId, ").concat(i,`) {
  switch (pathId) {
`).concat(s,`
    default: return path_`).concat(a[0].name,"_").concat(t,"(").concat(o,`);
  }
}`)}function jr(a){return $c.map(function(n){return Vc(a,n)}).join(`

`)}function jc(a){if(a.length===1)return`float queryExtremitySDF(int extremityId, vec2 uv, float lengthRatio, float widthRatio) {
  return extremity_`.concat(a[0].name,`(uv, lengthRatio, widthRatio);
}`);var n=a.map(function(e,t){return"    case ".concat(t,": return extremity_").concat(e.name,"(uv, lengthRatio, widthRatio);")}).join(`
`);return`float queryExtremitySDF(int extremityId, vec2 uv, float lengthRatio, float widthRatio) {
  switch (extremityId) {
`.concat(n,`
    default: return extremity_`).concat(a[0].name,`(uv, lengthRatio, widthRatio);
  }
}`)}function qc(a){var n=[],e=B(a),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;n.push(zc(r.name)),n.push(Nc(r.name))}}catch(s){e.e(s)}finally{e.f()}if(a.length===1)n.push(`
float queryFindSourceClampT(int pathId, vec2 source, float sourceSize, int sourceShapeId, float sourceRotateAlign, vec2 target, float margin) {
  return findSourceClampT_`.concat(a[0].name,`(source, sourceSize, sourceShapeId, sourceRotateAlign, target, margin);
}

float queryFindTargetClampT(int pathId, vec2 source, vec2 target, float targetSize, int targetShapeId, float targetRotateAlign, float margin) {
  return findTargetClampT_`).concat(a[0].name,`(source, target, targetSize, targetShapeId, targetRotateAlign, margin);
}`));else{var i=a.map(function(s,l){return"    case ".concat(l,": return findSourceClampT_").concat(s.name,"(source, sourceSize, sourceShapeId, sourceRotateAlign, target, margin);")}).join(`
`),o=a.map(function(s,l){return"    case ".concat(l,": return findTargetClampT_").concat(s.name,"(source, target, targetSize, targetShapeId, targetRotateAlign, margin);")}).join(`
`);n.push(`
float queryFindSourceClampT(int pathId, vec2 source, float sourceSize, int sourceShapeId, float sourceRotateAlign, vec2 target, float margin) {
  switch (pathId) {
`.concat(i,`
    default: return findSourceClampT_`).concat(a[0].name,`(source, sourceSize, sourceShapeId, sourceRotateAlign, target, margin);
  }
}

float queryFindTargetClampT(int pathId, vec2 source, vec2 target, float targetSize, int targetShapeId, float targetRotateAlign, float margin) {
  switch (pathId) {
`).concat(o,`
    default: return findTargetClampT_`).concat(a[0].name,`(source, target, targetSize, targetShapeId, targetRotateAlign, margin);
  }
}`))}return n.join(`

`)}function Xc(a,n,e,t,r){var i=Xe([].concat(Q(a),Q(e))),o=Mn(i),s=pn(t,r),l=Object.keys(s.offsets),u=function(w){var A=s.specs[w].size;return A===1?"float":"vec".concat(A)},d=l.map(function(E){return"".concat(u(E)," v_source_").concat(E,`;
`).concat(u(E)," v_target_").concat(E,";")}).join(`
`),c=hn(s,{varPrefix:"srcNodeAttr",baseTexelExpr:"srcIdx * u_layerAttributeTexelsPerNode",textureWidthUniform:"u_layerAttributeTextureWidth",textureSamplerUniform:"u_layerAttributeTexture",outputPrefix:"v_source_"}),h=hn(s,{varPrefix:"tgtNodeAttr",baseTexelExpr:"tgtIdx * u_layerAttributeTexelsPerNode",textureWidthUniform:"u_layerAttributeTextureWidth",textureSamplerUniform:"u_layerAttributeTexture",outputPrefix:"v_target_"}),f=l.map(function(E){return"".concat(u(E)," g_").concat(E,";")}).join(`
`),g=l.map(function(E){return"  g_".concat(E," = v_source_").concat(E,";")}).join(`
`),p=l.map(function(E){return"  g_".concat(E," = v_target_").concat(E,";")}).join(`
`),m=new Set,v=[],y=function(w){m.has(w.name)||(m.add(w.name),v.push("uniform ".concat(w.type," ").concat(w.name,";")))};a.forEach(function(E){return E.uniforms.forEach(y)}),n.forEach(function(E){return E.uniforms.forEach(y)});var b=n.map(function(E){return Te(E.widthFactor)}).join(", "),x=Math.max.apply(Math,Q(a.map(function(E){return E.minBodyLengthRatio||0}))),_=`#version 300 es

// Node and edge data textures
uniform sampler2D u_nodeDataTexture;
uniform int u_nodeDataTextureWidth;
uniform sampler2D u_edgeDataTexture;
uniform int u_edgeDataTextureWidth;

// Edge attribute texture (for path-specific attributes like curvature)
`.concat(o.uniformDeclarations,`

// Node attribute texture (for node shape attributes)
uniform sampler2D u_layerAttributeTexture;
uniform int u_layerAttributeTextureWidth;
uniform int u_layerAttributeTexelsPerNode;

// Render params needed for clamping
uniform float u_sizeRatio;
uniform float u_correctionRatio;
uniform float u_cameraAngle;
uniform float u_minEdgeThickness;

// Edge-frame texture dimensions, for scattering each point to its texel
uniform float u_frameTextureWidth;
uniform float u_frameTextureHeight;

// Custom path/extremity uniforms
`).concat(v.join(`
`),`

// Path attribute varyings \u2014 assigned so path functions can read them as globals
`).concat(o.vertexVaryingDeclarations,`

// Node size varyings \u2014 read by path functions like loop
out float v_sourceNodeSize;
out float v_targetNodeSize;

// Node shape attributes per endpoint, and the ones querySDF reads
`).concat(d,`
`).concat(f,`

// Scattered output written to the edge-frame texel: [tStart, tEnd, straightenFactor, pathLength]
out vec4 v_clamp;

// Extremity width factor array (needed for extremityScale computation)
const float EXTREMITY_WIDTH_FACTORS[`).concat(n.length,"] = float[](").concat(b,`);

// Node-data fetch helpers (geometry texel + rotation-flags texel)
`).concat(gt,`
`).concat(Mt,`

// Shape SDFs for node boundary clamping
`).concat(Kd(),`
`).concat(Zd(new Set(l)),`

// Path functions
`).concat(Vr(a),`
`).concat(jr(a),`
`).concat(qc(a),`

void main() {
  // One point per edge-data row; the row index is the edge-frame texel target.
  int edgeIdx = gl_VertexID;
  int texel0Idx = edgeIdx * 2;
  int texel1Idx = edgeIdx * 2 + 1;
  ivec2 edgeTexCoord0 = ivec2(texel0Idx % u_edgeDataTextureWidth, texel0Idx / u_edgeDataTextureWidth);
  ivec2 edgeTexCoord1 = ivec2(texel1Idx % u_edgeDataTextureWidth, texel1Idx / u_edgeDataTextureWidth);
  vec4 edgeData0 = texelFetch(u_edgeDataTexture, edgeTexCoord0, 0);
  vec4 edgeData1 = texelFetch(u_edgeDataTexture, edgeTexCoord1, 0);

  int srcIdx = int(edgeData0.x);
  int tgtIdx = int(edgeData0.y);
  float a_thickness = edgeData0.z;
  float a_headLengthRatio = edgeData1.x;
  float a_tailLengthRatio = edgeData1.y;
  int pathId = int(edgeData1.z);
  int extremityPacked = int(edgeData1.w);
  int headId = extremityPacked >> 4;
  int tailId = extremityPacked & 15;

  // Fetch path/layer attributes and assign to path-function globals
`).concat(o.fetchCode,`
`).concat(o.varyingAssignments,`

  // Fetch node shape attributes for both endpoints
`).concat(c.fetchCode,`
`).concat(c.varyingAssignments,`
`).concat(h.fetchCode,`
`).concat(h.varyingAssignments,`

  // Fetch node geometry (texel 0) and rotation flags (texel 1).
  vec4 srcNodeData = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, srcIdx);
  vec4 tgtNodeData = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, tgtIdx);

  vec2 a_source = srcNodeData.xy;
  vec2 a_target = tgtNodeData.xy;
  float a_sourceSize = srcNodeData.z;
  float a_targetSize = tgtNodeData.z;
  float a_sourceShapeId = srcNodeData.w;
  float a_targetShapeId = tgtNodeData.w;
  // Per-node rotation alignment (0 = viewport, 1 = graph), for boundary clamping.
  float a_sourceRotateAlign = readNodeFlags(u_nodeDataTexture, u_nodeDataTextureWidth, srcIdx).r;
  float a_targetRotateAlign = readNodeFlags(u_nodeDataTexture, u_nodeDataTextureWidth, tgtIdx).r;

  v_sourceNodeSize = a_sourceSize;
  v_targetNodeSize = a_targetSize;

  float headLengthRatio = a_headLengthRatio;
  float tailLengthRatio = a_tailLengthRatio;
  float headWidthFactor = EXTREMITY_WIDTH_FACTORS[headId];
  float tailWidthFactor = EXTREMITY_WIDTH_FACTORS[tailId];
  float minBodyLengthRatio = `).concat(Te(x),`;

  // Thickness in WebGL units (needed to compute clamping margin and extremity lengths)
  float pixelsThickness = max(a_thickness, u_minEdgeThickness * u_sizeRatio);
  float webGLThickness = pixelsThickness * u_correctionRatio / u_sizeRatio;

  // SDF clamping: find where the edge body meets the node boundaries. Always
  // searched (ungated) so labels get a true boundary clamp; the body re-applies
  // its extremity gating in-shader.
`).concat(g,`
  float tStart = queryFindSourceClampT(pathId, a_source, a_sourceSize, int(a_sourceShapeId), a_sourceRotateAlign, a_target, 0.0);
`).concat(p,`
  float tEnd = queryFindTargetClampT(pathId, a_source, a_target, a_targetSize, int(a_targetShapeId), a_targetRotateAlign, 0.0);

  // straightenFactor (frame .z) is consumed only by the body, which runs to the
  // node center when an extremity is absent. Derive the straightening math from
  // these gated clamps \u2014 not the ungated boundary ones above \u2014 so it matches the
  // geometry it drives. The ungated tStart/tEnd remain what labels read.
  float bodyTStart = tailLengthRatio > 0.0 ? tStart : 0.0;
  float bodyTEnd = headLengthRatio > 0.0 ? tEnd : 1.0;

  // Path length and zone boundaries (needed for straightening check)
  float pathLength = queryPathLength(pathId, a_source, a_target);
  float visibleLength = pathLength * (bodyTEnd - bodyTStart);

  float headLength = headLengthRatio * webGLThickness;
  float tailLength = tailLengthRatio * webGLThickness;
  float minBodyLength = minBodyLengthRatio * webGLThickness;

  float totalNeededLength = headLength + tailLength + minBodyLength;
  float extremityScale = 1.0;
  if (totalNeededLength > visibleLength && totalNeededLength > 0.0001) {
    extremityScale = visibleLength / totalNeededLength;
    headLength *= extremityScale;
    tailLength *= extremityScale;
  }

  float headLengthT = pathLength > 0.0001 ? headLength / pathLength : 0.0;
  float tailLengthT = pathLength > 0.0001 ? tailLength / pathLength : 0.0;

  float tTailEnd = bodyTStart + tailLengthT;
  float tHeadStart = bodyTEnd - headLengthT;
  if (tTailEnd > tHeadStart) {
    float mid = (bodyTStart + bodyTEnd) * 0.5;
    tTailEnd = mid;
    tHeadStart = mid;
  }

  // Straighten factor: blend toward straight line when path twists in extremity zones
  float straightenFactor = 0.0;
  {
    float maxDeviation = 0.0;
    if (tailLengthT > 0.0001) {
      vec2 tailTang = queryPathTangent(pathId, tTailEnd, a_source, a_target);
      vec2 tailChord = queryPathPosition(pathId, bodyTStart, a_source, a_target)
                     - queryPathPosition(pathId, tTailEnd, a_source, a_target);
      float tailChordLen = length(tailChord);
      if (tailChordLen > 0.0001) {
        maxDeviation = max(maxDeviation, 1.0 - dot(-tailTang, tailChord / tailChordLen));
      }
    }
    if (headLengthT > 0.0001) {
      vec2 headTang = queryPathTangent(pathId, tHeadStart, a_source, a_target);
      vec2 headChord = queryPathPosition(pathId, bodyTEnd, a_source, a_target)
                     - queryPathPosition(pathId, tHeadStart, a_source, a_target);
      float headChordLen = length(headChord);
      if (headChordLen > 0.0001) {
        maxDeviation = max(maxDeviation, 1.0 - dot(headTang, headChord / headChordLen));
      }
    }
    straightenFactor = smoothstep(0.035, 0.5, maxDeviation);
  }

  // When straightening, blend the ungated tStart/tEnd (the label-facing clamps)
  // toward straight-line clamp positions.
  if (straightenFactor > 0.001) {
    if (tailLengthRatio > 0.0) {
`).concat(g,`
      float srcExtent = a_sourceSize * u_correctionRatio / u_sizeRatio * 2.0;
      float srcEffective = 1.0 - u_correctionRatio / srcExtent;
      float srcCa = u_cameraAngle * (1.0 - a_sourceRotateAlign);
      mat2 srcRot = mat2(cos(srcCa), -sin(srcCa), sin(srcCa), cos(srcCa));
      float lo = 0.0, hi = 0.5;
      for (int i = 0; i < 12; i++) {
        float mid = (lo + hi) * 0.5;
        vec2 pos = mix(a_source, a_target, mid);
        vec2 localPos = srcRot * ((pos - a_source) / srcExtent);
        float sdf = querySDF(int(a_sourceShapeId), localPos, srcEffective);
        if (sdf < 0.0) lo = mid; else hi = mid;
      }
      tStart = mix(tStart, (lo + hi) * 0.5, straightenFactor);
    }
    if (headLengthRatio > 0.0) {
`).concat(p,`
      float tgtExtent = a_targetSize * u_correctionRatio / u_sizeRatio * 2.0;
      float tgtEffective = 1.0 - u_correctionRatio / tgtExtent;
      float tgtCa = u_cameraAngle * (1.0 - a_targetRotateAlign);
      mat2 tgtRot = mat2(cos(tgtCa), -sin(tgtCa), sin(tgtCa), cos(tgtCa));
      float lo = 0.5, hi = 1.0;
      for (int i = 0; i < 12; i++) {
        float mid = (lo + hi) * 0.5;
        vec2 pos = mix(a_source, a_target, mid);
        vec2 localPos = tgtRot * ((pos - a_target) / tgtExtent);
        float sdf = querySDF(int(a_targetShapeId), localPos, tgtEffective);
        if (sdf < 0.0) hi = mid; else lo = mid;
      }
      tEnd = mix(tEnd, (lo + hi) * 0.5, straightenFactor);
    }
  }

  v_clamp = vec4(tStart, tEnd, straightenFactor, pathLength);

  // Scatter this point to its edge's texel center in the frame texture.
  float x = mod(float(edgeIdx), u_frameTextureWidth);
  float y = floor(float(edgeIdx) / u_frameTextureWidth);
  vec2 ndc = (vec2(x, y) + 0.5) / vec2(u_frameTextureWidth, u_frameTextureHeight) * 2.0 - 1.0;
  gl_Position = vec4(ndc, 0.0, 1.0);
  gl_PointSize = 1.0;
}
`);return _}var Pa=0,Po=1,Ia=2;function Yc(a,n,e){var t=[];e&&(t.push([Pa,0,-1],[Pa,0,1]),t.push([Pa,1,-1],[Pa,1,1]));for(var r=0;r<=a;r++){var i=r/a;t.push([Po,i,-1],[Po,i,1])}return n&&(t.push([Ia,0,-1],[Ia,0,1]),t.push([Ia,1,-1],[Ia,1,1])),{data:t,attributes:[{name:"a_zone",size:1,type:zn},{name:"a_zoneT",size:1,type:zn},{name:"a_side",size:1,type:zn}],verticesPerEdge:t.length}}function Kc(a,n,e,t){var r=Xe([].concat(Q(a),Q(e))),i=Mn(r),o=new Set(["u_matrix","u_sizeRatio","u_correctionRatio","u_zoomRatio","u_pixelRatio","u_cameraAngle","u_minEdgeThickness","u_pickingPadding","u_nodeDataTexture"]),s=new Set,l=[],u=function(v){!o.has(v.name)&&!s.has(v.name)&&(s.add(v.name),l.push("uniform ".concat(v.type," ").concat(v.name,";")))};a.forEach(function(m){return m.uniforms.forEach(u)}),n.forEach(function(m){return m.uniforms.forEach(u)}),e.forEach(function(m){return m.uniforms.forEach(u)});var d=t.map(function(m){var v=m.size===1?"float":"vec".concat(m.size);return"in ".concat(v," ").concat(m.name,";")}).join(`
`),c=n.map(function(m){return Te(m.widthFactor)}).join(", "),h=Math.max.apply(Math,Q(a.map(function(m){return m.minBodyLengthRatio||0}))),f=e.some(function(m){return m.needsNodeColors}),g=a.some(function(m){return m.needsNodeSize}),p=`#version 300 es

// Constant attributes (per vertex)
`.concat(d,`

// Per-edge attributes
// Edge data (source/target indices, thickness, extremity ratios, path/extremity IDs)
// is fetched from edge data texture via edge index
in float a_edgeIndex;   // Index into edge data texture
in vec4 a_color;        // Edge color
in vec4 a_id;           // Edge ID for picking
in float a_opacity;     // Edge opacity

// Standard uniforms
uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_correctionRatio;
uniform float u_zoomRatio;
uniform float u_pixelRatio;
uniform float u_cameraAngle;
uniform float u_minEdgeThickness;
#ifdef PICKING_MODE
uniform float u_pickingPadding;
#endif
uniform sampler2D u_nodeDataTexture;
uniform int u_nodeDataTextureWidth;
uniform sampler2D u_edgeDataTexture;
uniform int u_edgeDataTextureWidth;
uniform sampler2D u_edgeFrameTexture;
uniform int u_edgeFrameTextureWidth;

// Edge path attribute texture uniforms
`).concat(i.uniformDeclarations,`

// Custom uniforms
`).concat(l.join(`
`),`

// Standard varyings
out vec4 v_color;
out float v_opacity;
out vec4 v_id;
out float v_thickness;       // Edge body thickness (in consistent units)
out float v_t;
out float v_tStart;
out float v_tEnd;
out float v_side;
out float v_antialiasingWidth;  // Anti-aliasing width (normalized: u_correctionRatio / thickness)
out vec2 v_source;
out vec2 v_target;
out float v_edgeLength;
`).concat(g?`
out float v_sourceNodeSize;  // Source node size (mirrored in labels/generator.ts as plain float)
out float v_targetNodeSize;  // Target node size (mirrored in labels/generator.ts as plain float)`:"",`
`).concat(f?`
out vec4 v_sourceColor;
out vec4 v_targetColor;`:"",`
// Zone varyings
out float v_zone;            // 0=tail, 1=body, 2=head
out float v_zoneT;           // Position within zone [0,1]
out float v_headLengthRatio; // Head length as ratio of thickness
out float v_tailLengthRatio; // Tail length as ratio of thickness
out float v_headWidthRatio;  // Head width factor
out float v_tailWidthRatio;  // Tail width factor

// Multi-path/extremity varyings
flat out int v_pathId;
flat out int v_headId;
flat out int v_tailId;

// Path/layer attribute varyings (fetched from edge attribute texture)
`).concat(i.vertexVaryingDeclarations,`

const float bias = 255.0 / 254.0;

// Width factor array for extremities (shared pool for head/tail)
const float EXTREMITY_WIDTH_FACTORS[`).concat(n.length,"] = float[](").concat(c,`);

// All path functions
`).concat(Vr(a),`

// Path selector functions
`).concat(jr(a),`

// Node-data fetch helper (geometry texel of the two-texel node stride)
`).concat(gt,`
`).concat(f?rc:"",`
// Per-edge clamp from the frame-pass (tStart, tEnd, straightenFactor, pathLength)
`).concat(vn,`

void main() {
  // Fetch edge data from edge texture (2 texels per edge)
  // Texel 0: sourceNodeIndex, targetNodeIndex, thickness, reserved
  // Texel 1: headLengthRatio, tailLengthRatio, pathId, (headId << 4) | tailId
  int edgeIdx = int(a_edgeIndex);

  // Hidden edges are flagged with a negative row by EdgeProgram.process(). Push
  // the whole primitive outside the clip volume: every vertex lands at the same
  // out-of-range position, so it is fully clipped and rasterizes nothing \u2014
  // neither to the frame buffer nor to the picking buffer.
  if (edgeIdx < 0) {
    gl_Position = vec4(2.0, 0.0, 0.0, 1.0);
    v_color = vec4(0.0);
    v_id = vec4(0.0);
    return;
  }

  int texel0Idx = edgeIdx * 2;
  int texel1Idx = edgeIdx * 2 + 1;
  ivec2 edgeTexCoord0 = ivec2(texel0Idx % u_edgeDataTextureWidth, texel0Idx / u_edgeDataTextureWidth);
  ivec2 edgeTexCoord1 = ivec2(texel1Idx % u_edgeDataTextureWidth, texel1Idx / u_edgeDataTextureWidth);
  vec4 edgeData0 = texelFetch(u_edgeDataTexture, edgeTexCoord0, 0);
  vec4 edgeData1 = texelFetch(u_edgeDataTexture, edgeTexCoord1, 0);

  // Unpack edge data
  int srcIdx = int(edgeData0.x);
  int tgtIdx = int(edgeData0.y);
  float a_thickness = edgeData0.z;
  // edgeData0.w is now reserved (curvature moved to path attribute texture)
  float a_headLengthRatio = edgeData1.x;
  float a_tailLengthRatio = edgeData1.y;
  int pathId = int(edgeData1.z);
  int extremityPacked = int(edgeData1.w);
  int headId = extremityPacked >> 4;
  int tailId = extremityPacked & 15;

  // Fetch path/layer attributes from edge attribute texture
`).concat(i.fetchCode,`

  // Assign path/layer attribute varyings
`).concat(i.varyingAssignments,`

  // Fetch source and target node geometry (texel 0 of the two-texel node stride)
  vec4 srcNodeData = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, srcIdx);
  vec4 tgtNodeData = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, tgtIdx);

  vec2 a_source = srcNodeData.xy;
  vec2 a_target = tgtNodeData.xy;
`).concat(g?`
  // Assign node size varyings early (path functions like loops need them during clamping)
  v_sourceNodeSize = srcNodeData.z;
  v_targetNodeSize = tgtNodeData.z;`:"",`
`).concat(f?`
  v_sourceColor = readNodeColor(u_nodeDataTexture, u_nodeDataTextureWidth, srcIdx);
  v_targetColor = readNodeColor(u_nodeDataTexture, u_nodeDataTextureWidth, tgtIdx);`:"",`

  // Convert thickness to WebGL units
  float minThickness = u_minEdgeThickness;
  float pixelsThickness = max(a_thickness, minThickness * u_sizeRatio);
  float webGLThickness = pixelsThickness * u_correctionRatio / u_sizeRatio;

  // Extremity parameters from ID lookups (shared pool)
  float headLengthRatio = a_headLengthRatio;
  float tailLengthRatio = a_tailLengthRatio;
  float headWidthFactor = EXTREMITY_WIDTH_FACTORS[headId];
  float tailWidthFactor = EXTREMITY_WIDTH_FACTORS[tailId];
  float minBodyLengthRatio = `).concat(Te(h),`;

  // Per-edge values from the frame-pass texture (read by edge index).
  // tStart/tEnd are the ungated boundary clamps: re-apply the body's extremity
  // gating here (no extremity \u2192 body runs to the node center, 0/1).
  vec4 frameClamp = readFrameTexel(u_edgeFrameTexture, u_edgeFrameTextureWidth, edgeIdx);
  float tStart           = a_tailLengthRatio > 0.0 ? frameClamp.x : 0.0;
  float tEnd             = a_headLengthRatio > 0.0 ? frameClamp.y : 1.0;
  float straightenFactor = frameClamp.z;
  float pathLength       = frameClamp.w;

  // Anti-aliasing width (~1 pixel, normalized by thickness)
  float antialiasingWidth = u_correctionRatio / webGLThickness;

  float visibleLength = pathLength * (tEnd - tStart);

  // Compute extremity lengths in world units
  float headLength = headLengthRatio * webGLThickness;
  float tailLength = tailLengthRatio * webGLThickness;
  float minBodyLength = minBodyLengthRatio * webGLThickness;

  // Handle short edges: scale down extremities if needed
  float totalNeededLength = headLength + tailLength + minBodyLength;
  float extremityScale = 1.0;
  if (totalNeededLength > visibleLength && totalNeededLength > 0.0001) {
    extremityScale = visibleLength / totalNeededLength;
    headLength *= extremityScale;
    tailLength *= extremityScale;
  }

  // Convert lengths to t-values
  float headLengthT = pathLength > 0.0001 ? headLength / pathLength : 0.0;
  float tailLengthT = pathLength > 0.0001 ? tailLength / pathLength : 0.0;

  // Zone boundaries in t-space
  float tTailEnd = tStart + tailLengthT;
  float tHeadStart = tEnd - headLengthT;

  // Ensure body has non-negative length
  if (tTailEnd > tHeadStart) {
    float mid = (tStart + tEnd) * 0.5;
    tTailEnd = mid;
    tHeadStart = mid;
  }

  // Convert to webGL units for geometry expansion
  float aaWidthWebGL = antialiasingWidth * webGLThickness;

  // Extra geometry width for picking padding (0 in visual mode)
  #ifdef PICKING_MODE
    float pickingPaddingWebGL = u_pickingPadding * u_correctionRatio;
  #else
    float pickingPaddingWebGL = 0.0;
  #endif

  // Straight-line direction and normal (for blending when straightenFactor > 0)
  vec2 straightDir = length(a_target - a_source) > 0.0001
    ? normalize(a_target - a_source) : vec2(1.0, 0.0);
  vec2 straightNormal = vec2(-straightDir.y, straightDir.x);

  // Zone-based vertex processing using path selectors
  vec2 position;
  vec2 normal;
  float t;
  float zone = a_zone;
  float zoneT = a_zoneT;
  float side = a_side;

  // Scaled extremity width factors (geometry must be at least as wide as body)
  float scaledTailWidth = max(tailWidthFactor * extremityScale, 1.0);
  float scaledHeadWidth = max(headWidthFactor * extremityScale, 1.0);

  if (zone < 0.5) {
    // TAIL ZONE: rectangular quad with scaled width
    vec2 tang = queryPathTangent(pathId, tTailEnd, a_source, a_target);
    normal = vec2(-tang.y, tang.x);
    vec2 centerPos = mix(queryPathPosition(pathId, tStart, a_source, a_target),
                         queryPathPosition(pathId, tTailEnd, a_source, a_target), zoneT);
    float halfWidth = webGLThickness * scaledTailWidth * 0.5 + aaWidthWebGL + pickingPaddingWebGL;
    position = centerPos + normal * side * halfWidth;
    t = mix(tStart, tTailEnd, zoneT);

  } else if (zone < 1.5) {
    // BODY ZONE: follows path curvature with width = 1.0
    t = mix(tTailEnd, tHeadStart, zoneT);
    normal = queryPathNormal(pathId, t, a_source, a_target);
    float halfWidth = webGLThickness * 0.5 + aaWidthWebGL + pickingPaddingWebGL;
    position = queryPathPosition(pathId, t, a_source, a_target) + normal * side * halfWidth;

  } else {
    // HEAD ZONE: rectangular quad with scaled width
    vec2 tang = queryPathTangent(pathId, tHeadStart, a_source, a_target);
    normal = vec2(-tang.y, tang.x);
    vec2 centerPos = mix(queryPathPosition(pathId, tHeadStart, a_source, a_target),
                         queryPathPosition(pathId, tEnd, a_source, a_target), zoneT);
    float halfWidth = webGLThickness * scaledHeadWidth * 0.5 + aaWidthWebGL + pickingPaddingWebGL;
    position = centerPos + normal * side * halfWidth;
    t = mix(tHeadStart, tEnd, zoneT);
  }

  // Blend toward straight line based on path twist in extremity zones
  if (straightenFactor > 0.001) {
    float zoneWidth = zone < 0.5 ? webGLThickness * scaledTailWidth * 0.5 + aaWidthWebGL + pickingPaddingWebGL :
                      zone < 1.5 ? webGLThickness * 0.5 + aaWidthWebGL + pickingPaddingWebGL :
                      webGLThickness * scaledHeadWidth * 0.5 + aaWidthWebGL + pickingPaddingWebGL;
    vec2 straightPos = mix(a_source, a_target, t) + straightNormal * side * zoneWidth;
    position = mix(position, straightPos, straightenFactor);
  }

  gl_Position = vec4((u_matrix * vec3(position, 1.0)).xy, 0.0, 1.0);

  // Pass varyings to fragment shader
  v_color = a_color;
  v_color.a *= bias;
  v_opacity = a_opacity;
  v_id = a_id;
  v_thickness = webGLThickness;
  v_t = t;
  v_tStart = tStart;
  v_tEnd = tEnd;
  v_side = side;
  v_antialiasingWidth = antialiasingWidth;
  v_source = a_source;
  v_target = a_target;
  v_edgeLength = pathLength;

  // Zone varyings
  v_zone = zone;
  v_zoneT = zoneT;
  v_headLengthRatio = headLengthRatio * extremityScale;
  v_tailLengthRatio = tailLengthRatio * extremityScale;
  // Scale extremity width proportionally with length when crushed
  v_headWidthRatio = headWidthFactor * extremityScale;
  v_tailWidthRatio = tailWidthFactor * extremityScale;

  // Multi-path varyings
  v_pathId = pathId;
  v_headId = headId;
  v_tailId = tailId;
}
`);return p}function Zc(a,n,e,t){var r=Xe([].concat(Q(a),Q(e))),i=Mn(r),o=new Set(["u_matrix","u_sizeRatio","u_correctionRatio","u_zoomRatio","u_pixelRatio","u_cameraAngle","u_minEdgeThickness","u_pickingPadding"]),s=new Set,l=[],u=function(y){!o.has(y.name)&&!s.has(y.name)&&(s.add(y.name),l.push("uniform ".concat(y.type," ").concat(y.name,";")))};a.forEach(function(v){return v.uniforms.forEach(u)}),n.forEach(function(v){return v.uniforms.forEach(u)}),e.forEach(function(v){return v.uniforms.forEach(u)});var d=n.map(function(v){var y;return Te((y=v.baseRatio)!==null&&y!==void 0?y:.5)}).join(", "),c=function(y){var b,x;return n.length>1?"EXTREMITY_BASE_RATIOS[".concat(y,"]"):Te((b=(x=n[0])===null||x===void 0?void 0:x.baseRatio)!==null&&b!==void 0?b:.5)},h=n.some(function(v){return at(v.length)?!0:v.length>0}),f=e.some(function(v){return v.needsNodeColors}),g=a.some(function(v){return v.needsNodeSize}),p=e.map(function(v,y){return"  // Layer ".concat(y+1,": ").concat(v.name,`
  color = blendOver(color, layer_`).concat(v.name,"(context));")}).join(`

`),m=`#version 300 es
precision highp float;

// Standard varyings
in vec4 v_color;
in float v_opacity;
in vec4 v_id;
in float v_thickness;       // Edge body thickness
in float v_t;
in float v_tStart;
in float v_tEnd;
in float v_side;
in float v_antialiasingWidth;  // Anti-aliasing width (normalized: u_correctionRatio / thickness)
in vec2 v_source;
in vec2 v_target;
in float v_edgeLength;
`.concat(g?`
in float v_sourceNodeSize;   // Source node size (mirrored in labels/generator.ts as plain float)
in float v_targetNodeSize;   // Target node size (mirrored in labels/generator.ts as plain float)`:"",`
`).concat(f?`
in vec4 v_sourceColor;
in vec4 v_targetColor;`:"",`
// Zone varyings
in float v_zone;            // 0=tail, 1=body, 2=head
in float v_zoneT;           // Position within zone [0,1]
in float v_headLengthRatio; // Head length as ratio of thickness (scaled for short edges)
in float v_tailLengthRatio; // Tail length as ratio of thickness (scaled for short edges)
in float v_headWidthRatio;  // Head width factor
in float v_tailWidthRatio;  // Tail width factor

// Multi-path/extremity varyings
flat in int v_pathId;
flat in int v_headId;
flat in int v_tailId;

// Path/layer attribute varyings (from vertex shader texture fetch)
`).concat(i.fragmentVaryingDeclarations,`

// Standard uniforms (needed by some path types)
uniform float u_sizeRatio;
uniform float u_correctionRatio;
uniform float u_cameraAngle;
#ifdef PICKING_MODE
uniform float u_pickingPadding;
#endif

// Custom uniforms
`).concat(l.join(`
`),`

// Fragment output (single target - picking handled via separate pass)
out vec4 fragColor;

`).concat(n.length>1?`// Base ratio array for extremities (shared pool for head/tail)
const float EXTREMITY_BASE_RATIOS[`.concat(n.length,"] = float[](").concat(d,");"):"",`

// EdgeContext struct
struct EdgeContext {
  float t;                   // Position along path [0, 1]
  float sdf;                 // Signed distance from centerline
  vec2 position;             // World position
  vec2 tangent;              // Path tangent
  vec2 normal;               // Path normal
  float thickness;           // Edge thickness
  float aaWidth;             // Anti-aliasing width
  float edgeLength;          // Total path length
  float tStart;              // Clamped start t
  float tEnd;                // Clamped end t
  float distanceFromSource;  // Arc distance from source
  float distanceToTarget;    // Arc distance to target
};

EdgeContext context;

// Alpha "over" compositing for layer blending
vec4 blendOver(vec4 bg, vec4 fg) {
  float a = fg.a;
  return vec4(mix(bg.rgb, fg.rgb, a), bg.a + a * (1.0 - bg.a));
}

// All path functions
`).concat(Vr(a),`

// Path selector functions
`).concat(jr(a),`

// All extremity functions
`).concat(Hc(n),`

// Extremity SDF selector (shared pool for head/tail)
`).concat(jc(n),`

// Layer functions
`).concat(e.map(function(v){return v.glsl}).join(`

`),`

// Helper: Compute arc length using path selector
float computeArcLengthMulti(int pathId, float t0, float t1, vec2 source, vec2 target, int samples) {
  float arcLen = 0.0;
  vec2 prev = queryPathPosition(pathId, t0, source, target);
  for (int i = 1; i <= samples; i++) {
    float t = t0 + (t1 - t0) * float(i) / float(samples);
    vec2 curr = queryPathPosition(pathId, t, source, target);
    arcLen += length(curr - prev);
    prev = curr;
  }
  return arcLen;
}

void main() {
  // Compute normalized t within visible edge (0 = start, 1 = end)
  float tNorm = (v_t - v_tStart) / max(v_tEnd - v_tStart, 0.0001);

  // Edge body half-thickness
  float halfThickness = v_thickness * 0.5;

  // Convert normalized AA width to webGL units (~1 pixel)
  float aaWidthWebGL = v_antialiasingWidth * v_thickness;

  // Distance from centerline based on v_side interpolation
  float zoneWidthFactor = v_zone < 0.5 ? v_tailWidthRatio :
                          v_zone < 1.5 ? 1.0 :
                          v_headWidthRatio;
  // In PICKING_MODE, inflate halfGeometryWidth to match the inflated vertex geometry
  #ifdef PICKING_MODE
    float halfGeometryWidth = halfThickness * zoneWidthFactor + aaWidthWebGL + u_pickingPadding * aaWidthWebGL;
  #else
    float halfGeometryWidth = halfThickness * zoneWidthFactor + aaWidthWebGL;
  #endif
  float distFromCenter = abs(v_side) * halfGeometryWidth;

  // Populate EdgeContext (for layer functions)
  context.t = tNorm;
  context.sdf = distFromCenter - halfThickness;
  context.position = queryPathPosition(v_pathId, v_t, v_source, v_target);
  context.tangent = queryPathTangent(v_pathId, v_t, v_source, v_target);
  context.normal = vec2(-context.tangent.y, context.tangent.x);
  context.thickness = v_thickness;
  context.aaWidth = aaWidthWebGL;
  context.edgeLength = v_edgeLength;
  context.tStart = v_tStart;
  context.tEnd = v_tEnd;

  // Compute arc distances
  float visibleLength = v_edgeLength * (v_tEnd - v_tStart);
  float pathT = v_t;
  float pathTNorm = tNorm;
`).concat(a.every(function(v){return v.linearParameterization})?`  // All paths have linear parameterization: t maps directly to arc distance
  context.distanceFromSource = pathTNorm * visibleLength;
  context.distanceToTarget = (1.0 - pathTNorm) * visibleLength;`:a.every(function(v){return!v.linearParameterization})?`  // No paths have linear parameterization: use numerical integration
  context.distanceFromSource = computeArcLengthMulti(v_pathId, v_tStart, pathT, v_source, v_target, 16);
  context.distanceToTarget = computeArcLengthMulti(v_pathId, pathT, v_tEnd, v_source, v_target, 16);`:`  // Mixed parameterization: use analytical for linear paths, numerical for others
  if (`.concat(a.filter(function(v){return v.linearParameterization}).map(function(v){return"v_pathId == ".concat(a.indexOf(v))}).join(" || "),`) {
    context.distanceFromSource = pathTNorm * visibleLength;
    context.distanceToTarget = (1.0 - pathTNorm) * visibleLength;
  } else {
    context.distanceFromSource = computeArcLengthMulti(v_pathId, v_tStart, pathT, v_source, v_target, 16);
    context.distanceToTarget = computeArcLengthMulti(v_pathId, pathT, v_tEnd, v_source, v_target, 16);
  }`),`

  // Compute SDF based on zone using extremity selector (shared pool)
  float bodySDF = distFromCenter - halfThickness;
  float finalSDF;

`).concat(h?`  // Base ratios, from baseRatioLookup
  float headBaseRatio = `.concat(c("v_headId"),`;
  float tailBaseRatio = `).concat(c("v_tailId"),`;

  if (v_zone < 0.5) {
    // TAIL ZONE: v_zoneT goes 0 (tip) to 1 (base)
    vec2 uv = vec2((1.0 - v_zoneT) * v_tailLengthRatio, v_side * v_tailWidthRatio * 0.5);
    float tailSDF = queryExtremitySDF(v_tailId, uv, v_tailLengthRatio, v_tailWidthRatio) * v_thickness;

    // Apply union only near base (v_zoneT > 1 - baseRatio)
    if (v_zoneT > 1.0 - tailBaseRatio) {
      finalSDF = min(tailSDF, bodySDF);
    } else {
      finalSDF = tailSDF;
    }
  } else if (v_zone < 1.5) {
    // BODY ZONE: distance from centerline
    finalSDF = bodySDF;
  } else {
    // HEAD ZONE: v_zoneT goes 0 (base) to 1 (tip)
    vec2 uv = vec2(v_zoneT * v_headLengthRatio, v_side * v_headWidthRatio * 0.5);
    float headSDF = queryExtremitySDF(v_headId, uv, v_headLengthRatio, v_headWidthRatio) * v_thickness;

    // Apply union only near base (v_zoneT < baseRatio)
    if (v_zoneT < headBaseRatio) {
      finalSDF = min(headSDF, bodySDF);
    } else {
      finalSDF = headSDF;
    }
  }`):`  // No extremity draws tail/head geometry, so every vertex is body zone.
  finalSDF = bodySDF;`,`

  #ifdef PICKING_MODE
    // Picking pass: output edge ID for pixels within the picking area
    if (finalSDF > u_pickingPadding * aaWidthWebGL) discard;
    fragColor = v_id;
  #else
`).concat(t?`    // Visual pass: anti-aliased edge with layers, edge opacity applied once
    float alpha = smoothstep(aaWidthWebGL, -aaWidthWebGL, finalSDF) * v_opacity;`:`    // Visual pass: hard-edged (no anti-aliasing gradient) edge with layers, edge opacity applied once
    float alpha = (finalSDF < 0.0 ? 1.0 : 0.0) * v_opacity;`,`
    if (alpha < 0.01) discard;

    // Apply layers sequentially with "over" compositing
    vec4 color = vec4(0.0);

`).concat(p,`

    // Mix with transparent to fade both color AND alpha (pre-multiplied alpha for correct blending)
    fragColor = mix(vec4(0.0), color, alpha);
  #endif
}
`);return m}function Qc(a,n,e){var t=at(n.length)?!0:n.length>0,r=at(e.length)?!0:e.length>0;if(a.generateConstantData){var i=a.generateConstantData();return{data:i.data,attributes:i.attributes,verticesPerEdge:i.verticesPerEdge}}return Yc(a.segments,t,r)}function Io(a){var n,e=Zo(a),t=e.paths,r=e.extremities,i=e.layers,o=(n=a.antialias)!==null&&n!==void 0?n:!0,s=new Map,l=new Map,u=new Map,d=B(t),c;try{for(d.s();!(c=d.n()).done;){var h=c.value,f=B(r),g;try{for(f.s();!(g=f.n()).done;){var p=g.value,m=B(r),v;try{for(m.s();!(v=m.n()).done;){var y=v.value,b="".concat(h.name,":").concat(p.name,":").concat(y.name),x=Qc(h,p,y);s.set(b,x.verticesPerEdge),l.set(b,x.data);var _=B(x.attributes),E;try{for(_.s();!(E=_.n()).done;){var w=E.value;u.has(w.name)||u.set(w.name,w)}}catch(j){_.e(j)}finally{_.f()}}}catch(j){m.e(j)}finally{m.f()}}}catch(j){f.e(j)}finally{f.f()}}}catch(j){d.e(j)}finally{d.f()}var A=Array.from(u.values()),S={};A.forEach(function(j,Z){S[j.name]=Z});var L=0,G="",C=B(s),N;try{for(C.s();!(N=C.n()).done;){var k=oe(N.value,2),I=k[0],W=k[1];W>L&&(L=W,G=I)}}catch(j){C.e(j)}finally{C.f()}var P=l.get(G)||[],T=G.split(":"),F=oe(T,1),M=F[0],z=t.find(function(j){return j.name===M}),D=[];z!=null&&z.generateConstantData?D=z.generateConstantData().attributes:D=[{name:"a_zone"},{name:"a_zoneT"},{name:"a_side"}];var q=P.map(function(j){var Z=new Array(A.length).fill(0);return D.forEach(function(Re,ce){var K=S[Re.name];K!==void 0&&ce<j.length&&(Z[K]=j[ce])}),Z});return{vertexShader:Kc(t,r,i,A),fragmentShader:Zc(t,r,i,o),uniforms:Uc(t,r,i),attributes:Jc(),verticesPerEdge:L,constantData:q,constantAttributes:A,vertexCountsPerCombination:s,constantDataPerCombination:l}}function Jc(a,n,e){return[{name:"a_edgeIndex",size:1,type:zn},{name:"a_color",size:4,type:ko,normalized:!0},{name:"a_id",size:4,type:ko,normalized:!0},{name:"a_opacity",size:1,type:zn}]}var eh=`#version 300 es
precision highp float;

in vec4 v_clamp;

// RGBA32F target: stores (tStart, tEnd, straightenFactor, pathLength).
out vec4 fragColor;

void main() {
  fragColor = v_clamp;
}
`,th=(function(){function a(n,e){ne(this,a),R(this,"uniformLocations",{});var t=e.paths,r=e.extremities,i=e.layers,o=e.nodeShapes,s=e.nodeLayers;this.gl=n,this.hasAttributeData=Xe([].concat(Q(t),Q(i))).floatsPerItem>0,this.hasNodeAttributeData=Object.keys(pn(o,s).offsets).length>0,this.vertexShader=Wr(n,Xc(t,r,i,o,s)),this.fragmentShader=Or(n,eh),this.program=Mr(n,[this.vertexShader,this.fragmentShader]);var l=new Set;this.customUniforms=[];for(var u=0,d=[].concat(Q(t),Q(r));u<d.length;u++){var c=d[u],h=B(c.uniforms),f;try{for(h.s();!(f=h.n()).done;){var g=f.value;l.has(g.name)||(l.add(g.name),this.customUniforms.push(g))}}catch(b){h.e(b)}finally{h.f()}}var p=["u_sizeRatio","u_correctionRatio","u_cameraAngle","u_minEdgeThickness","u_nodeDataTexture","u_nodeDataTextureWidth","u_edgeDataTexture","u_edgeDataTextureWidth","u_edgeAttributeTexture","u_edgeAttributeTextureWidth","u_edgeAttributeTexelsPerEdge","u_layerAttributeTexture","u_layerAttributeTextureWidth","u_layerAttributeTexelsPerNode","u_frameTextureWidth","u_frameTextureHeight"].concat(Q(this.customUniforms.map(function(b){return b.name}))),m=B(p),v;try{for(m.s();!(v=m.n()).done;){var y=v.value;this.uniformLocations[y]=n.getUniformLocation(this.program,y)}}catch(b){m.e(b)}finally{m.f()}this.vao=n.createVertexArray()}return ae(a,[{key:"run",value:function(e,t,r,i,o){if(r!==0){var s=this.gl,l=this.uniformLocations;s.useProgram(this.program),s.bindVertexArray(this.vao),l.u_sizeRatio&&s.uniform1f(l.u_sizeRatio,e.sizeRatio),l.u_correctionRatio&&s.uniform1f(l.u_correctionRatio,e.correctionRatio),l.u_cameraAngle&&s.uniform1f(l.u_cameraAngle,e.cameraAngle),l.u_minEdgeThickness&&s.uniform1f(l.u_minEdgeThickness,e.minEdgeThickness),l.u_nodeDataTexture&&s.uniform1i(l.u_nodeDataTexture,e.nodeDataTextureUnit),l.u_nodeDataTextureWidth&&s.uniform1i(l.u_nodeDataTextureWidth,e.nodeDataTextureWidth),l.u_edgeDataTexture&&s.uniform1i(l.u_edgeDataTexture,e.edgeDataTextureUnit),l.u_edgeDataTextureWidth&&s.uniform1i(l.u_edgeDataTextureWidth,e.edgeDataTextureWidth),l.u_frameTextureWidth&&s.uniform1f(l.u_frameTextureWidth,t.getTextureWidth()),l.u_frameTextureHeight&&s.uniform1f(l.u_frameTextureHeight,t.getTextureHeight()),this.hasAttributeData&&i&&(i.bind(Et),l.u_edgeAttributeTexture&&s.uniform1i(l.u_edgeAttributeTexture,Et),l.u_edgeAttributeTextureWidth&&s.uniform1i(l.u_edgeAttributeTextureWidth,i.getTextureWidth()),l.u_edgeAttributeTexelsPerEdge&&s.uniform1i(l.u_edgeAttributeTexelsPerEdge,i.getTexelsPerItem())),this.hasNodeAttributeData&&o&&(o.bind(Tt),l.u_layerAttributeTexture&&s.uniform1i(l.u_layerAttributeTexture,Tt),l.u_layerAttributeTextureWidth&&s.uniform1i(l.u_layerAttributeTextureWidth,o.getTextureWidth()),l.u_layerAttributeTexelsPerNode&&s.uniform1i(l.u_layerAttributeTexelsPerNode,o.getTexelsPerItem()));var u=B(this.customUniforms),d;try{for(u.s();!(d=u.n()).done;){var c=d.value;$r(s,this.uniformLocations[c.name],c)}}catch(h){u.e(h)}finally{u.f()}t.bindAsRenderTarget(),s.disable(s.BLEND),s.disable(s.DEPTH_TEST),s.drawArrays(s.POINTS,0,r),s.bindFramebuffer(s.FRAMEBUFFER,null),s.bindVertexArray(null)}}},{key:"kill",value:function(){var e=this.gl;e.deleteProgram(this.program),e.deleteShader(this.vertexShader),e.deleteShader(this.fragmentShader),e.deleteVertexArray(this.vao)}}])})();function Fn(a,n,e,t,r,i){if(a.length===1)return"".concat(t," ").concat(n,"(int pathId, ").concat(r,`) {
  return path_`).concat(a[0].name,"_").concat(e,"(").concat(i,`);
}`);var o=a.map(function(s,l){return"    case ".concat(l,": return path_").concat(s.name,"_").concat(e,"(").concat(i,");")}).join(`
`);return"".concat(t," ").concat(n,"(int pathId, ").concat(r,`) {
  switch (pathId) {
`).concat(o,`
    default: return path_`).concat(a[0].name,"_").concat(e,"(").concat(i,`);
  }
}`)}var nh=`
vec3 computeEdgeLabelBodyBounds(
  float tStart, float tEnd, float pathLength,
  float webGLThickness, float headLengthRatio, float tailLengthRatio
) {
  float visibleLength = pathLength * (tEnd - tStart);

  float headLength = headLengthRatio * webGLThickness;
  float tailLength = tailLengthRatio * webGLThickness;
  float totalNeededLength = headLength + tailLength;
  if (totalNeededLength > visibleLength && totalNeededLength > 0.0001) {
    float extremityScale = visibleLength / totalNeededLength;
    headLength *= extremityScale;
    tailLength *= extremityScale;
  }

  float bodyStartDist = tStart * pathLength + tailLength;
  float bodyEndDist = tEnd * pathLength - headLength;
  return vec3(bodyStartDist, bodyEndDist, max(bodyEndDist - bodyStartDist, 0.0));
}
`;function ah(a,n){var e=Te(a),t=Te(n);return`
float computeEdgeLabelAlpha(float bodyLength, float textWidthWebGL) {
  float ratio = textWidthWebGL > 0.0001 ? min(bodyLength / textWidthWebGL, 1.0) : 1.0;
  if (ratio < `.concat(e,`) return 0.0;
  if (ratio < `).concat(t,") return (ratio - ").concat(e,") / (").concat(t," - ").concat(e,`);
  return 1.0;
}
`)}var rh=`
float computeEdgeLabelScreenDir(int pathId, float t, vec2 source, vec2 target, mat3 matrix) {
  vec2 tangent = queryPathTangent(pathId, t, source, target);
  return (matrix * vec3(tangent, 0.0)).x < 0.0 ? -1.0 : 1.0;
}
`,ih=`
float computeEdgeLabelPerpOffset(
  float positionMode,
  float halfThickness, float marginWebGL, float halfTextHeight,
  float readingSign, float screenDir
) {
  float magnitude = halfThickness + marginWebGL + halfTextHeight;
  if (positionMode == 1.0) return magnitude * readingSign;
  if (positionMode == 2.0) return -magnitude * readingSign;
  if (positionMode == 3.0) return magnitude * screenDir;
  return 0.0;
}
`;function Jo(a){var n=a.paths,e=a.minVisibilityThreshold,t=a.fullVisibilityThreshold,r=n.some(function(s){return s.hasSharpCorners}),i=n.map(function(s){return"// --- Path: ".concat(s.name,` ---
`).concat(s.glsl,`

// Tangent/normal functions: analytical if provided, otherwise numerical
`).concat(s.analyticalTangentGlsl||Yo(s.name),`

// Auto-generated fallbacks for any missing path functions
`).concat(Ko(s.name,s.glsl),`

// Corner skip helpers (for paths with sharp corners like step/taxi)
`).concat(s.cornerSkipGlsl||"",`
`)}).join(`
`),o=r?`// Corner function selectors (only some paths have sharp corners)
vec2 queryGetCornerTs(int pathId, vec2 source, vec2 target) {
  switch (pathId) {
`.concat(n.map(function(s,l){return s.hasSharpCorners?"    case ".concat(l,": return path_").concat(s.name,"_getCornerTs(source, target);"):"    case ".concat(l,": return vec2(-1.0, -1.0); // No corners for ").concat(s.name)}).join(`
`),`
    default: return vec2(-1.0, -1.0);
  }
}

vec2 queryGetCornerConcavity(int pathId, vec2 source, vec2 target, float perpOffset) {
  switch (pathId) {
`).concat(n.map(function(s,l){return s.hasSharpCorners?"    case ".concat(l,": return path_").concat(s.name,"_getCornerConcavity(source, target, perpOffset);"):"    case ".concat(l,": return vec2(0.0, 0.0); // No corners for ").concat(s.name)}).join(`
`),`
    default: return vec2(0.0, 0.0);
  }
}`):"";return`
// ============================================================================
// Node data fetch (geometry texel) and per-edge clamp fetch (edge-frame texture)
// ============================================================================

`.concat(gt,`
`).concat(vn,`

// ============================================================================
// Path Functions (one block per path)
// ============================================================================

`).concat(i,`

// ============================================================================
// Path Query Selectors (dispatch by pathId)
// ============================================================================

`).concat(Fn(n,"queryPathPosition","position","vec2","float t, vec2 source, vec2 target","t, source, target"),`

`).concat(Fn(n,"queryPathTangent","tangent","vec2","float t, vec2 source, vec2 target","t, source, target"),`

`).concat(Fn(n,"queryPathNormal","normal","vec2","float t, vec2 source, vec2 target","t, source, target"),`

`).concat(Fn(n,"queryPathLength","length","float","vec2 source, vec2 target","source, target"),`

`).concat(Fn(n,"queryPathTAtDistance","t_at_distance","float","float dist, vec2 source, vec2 target","dist, source, target"),`

`).concat(o,`

// ============================================================================
// Shared helpers (body bounds, alpha ramp, screen direction, perpendicular offset)
// ============================================================================

`).concat(nh,`
`).concat(ah(e,t),`
`).concat(rh,`
`).concat(ih,`
`)}var oh=rt.fontSize,sh=new Map,es=24,Fo=(es+1)*2;function lh(a){var n=a.paths,e=a.fontSizeMode,t=a.headLengthRatio,r=a.tailLengthRatio,i=a.minVisibilityThreshold,o=a.fullVisibilityThreshold,s=a.keepUpright,l=e==="scaled",u=_t(),d=Xe([].concat(Q(n),[u])),c=Mn(d),h=`#version 300 es

// Per-instance attributes
in float a_edgeIndex;
in float a_edgeAttrIndex;
in float a_baseFontSize;
in float a_totalTextWidth;
in float a_positionMode;
in float a_margin;
in float a_padding;
in vec4 a_color;
in vec4 a_id;

// Per-vertex (constant) attribute: strip vertex index
in float a_vertexIndex;

uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_correctionRatio;
uniform float u_pixelRatio;
uniform float u_cameraAngle;
uniform vec2 u_resolution;
uniform sampler2D u_nodeDataTexture;
uniform int u_nodeDataTextureWidth;
uniform sampler2D u_edgeDataTexture;
uniform int u_edgeDataTextureWidth;
uniform sampler2D u_edgeFrameTexture; // Per-edge clamp (tStart, tEnd, straightenFactor, pathLength)
uniform int u_edgeFrameTextureWidth;
`.concat(l?"uniform float u_zoomSizeRatio;":"",`

`).concat(c.uniformDeclarations,`

out vec4 v_color;
out vec4 v_id;
out float v_alphaModifier;

const float ATLAS_FONT_SIZE = `).concat(Te(oh),`;
const float HEAD_RATIO = `).concat(Te(t),`;
const float TAIL_RATIO = `).concat(Te(r),`;
const int RIBBON_SEGMENTS = `).concat(es,`;

// Path attribute varyings (declared as plain locals since this shader has no FS inputs for them)
`).concat(c.vertexVaryingDeclarations.replace(/out /g,""),`

// Node size variables used by some path functions (self-loops, etc.)
float v_sourceNodeSize;
float v_targetNodeSize;

// Shared preamble: shape SDFs, path functions + selectors, clamp, helpers.
`).concat(Jo({paths:n,minVisibilityThreshold:i,fullVisibilityThreshold:o}),`

void main() {
  int vIdx = int(a_vertexIndex);
  int pairIdx = vIdx / 2;
  int side = vIdx - pairIdx * 2; // 0 = left/bottom, 1 = right/top

  // --- Fetch edge data (2 texels per edge) ---
  int edgeIdx = int(a_edgeIndex);
  int texel0Idx = edgeIdx * 2;
  int texel1Idx = edgeIdx * 2 + 1;
  ivec2 e0 = ivec2(texel0Idx % u_edgeDataTextureWidth, texel0Idx / u_edgeDataTextureWidth);
  ivec2 e1 = ivec2(texel1Idx % u_edgeDataTextureWidth, texel1Idx / u_edgeDataTextureWidth);
  vec4 edgeData0 = texelFetch(u_edgeDataTexture, e0, 0);
  vec4 edgeData1 = texelFetch(u_edgeDataTexture, e1, 0);

  int srcIdx = int(edgeData0.x);
  int tgtIdx = int(edgeData0.y);
  float thickness = edgeData0.z;
  int pathId = int(edgeData1.z);

  // --- Fetch path attributes (curvature, etc.) ---
  {
    int edgeIdx = int(a_edgeAttrIndex);
`).concat(c.fetchCode,`
`).concat(c.varyingAssignments,`
  }

  // --- Fetch node data: geometry (texel 0) + rotation flags (texel 1) ---
  vec4 srcN = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, srcIdx);
  vec4 tgtN = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, tgtIdx);

  vec2 source = srcN.xy;
  vec2 target = tgtN.xy;
  float sourceSize = srcN.z;
  float targetSize = tgtN.z;
  v_sourceNodeSize = sourceSize;
  v_targetNodeSize = targetSize;

  // --- Pixel-to-graph conversion (fixed font mode) ---
  float matrixScaleX = length(vec2(u_matrix[0][0], u_matrix[1][0]));
  float pixelToGraph = 2.0 / (matrixScaleX * u_resolution.x);

  float webGLThickness = thickness * u_correctionRatio / u_sizeRatio;

  // --- Body bounds (shared with edge label shader) ---
  vec4 edgeClamp = readFrameTexel(u_edgeFrameTexture, u_edgeFrameTextureWidth, edgeIdx);
  vec3 bodyBounds = computeEdgeLabelBodyBounds(
    edgeClamp.x, edgeClamp.y, edgeClamp.w,
    webGLThickness, HEAD_RATIO, TAIL_RATIO
  );
  float bodyStartDist = bodyBounds.x;
  float bodyEndDist = bodyBounds.y;
  float bodyLength = bodyBounds.z;

  // --- Text dimensions ---
  float baseFontSize = a_baseFontSize;
  `).concat(l?`float fontScale = baseFontSize / ATLAS_FONT_SIZE * u_zoomSizeRatio;
  float textWidthWebGL = a_totalTextWidth * fontScale * u_correctionRatio / u_sizeRatio;
  float halfTextHeight = baseFontSize * 0.35 * u_zoomSizeRatio * u_correctionRatio / u_sizeRatio;
  float marginWebGL = a_margin * u_zoomSizeRatio * u_correctionRatio / u_sizeRatio;`:`float fontScale = baseFontSize / ATLAS_FONT_SIZE;
  float textWidthWebGL = a_totalTextWidth * fontScale * pixelToGraph;
  float halfTextHeight = baseFontSize * 0.35 * pixelToGraph;
  float marginWebGL = a_margin * pixelToGraph;`,`
  float paddingWebGL = a_padding * pixelToGraph;

  // --- Alpha modifier (shared with edge label shader) ---
  float alphaModifier = computeEdgeLabelAlpha(bodyLength, textWidthWebGL);
  if (alphaModifier <= 0.0 || textWidthWebGL <= 0.0) {
    gl_Position = vec4(2.0, 0.0, 0.0, 1.0);
    v_color = vec4(0.0);
    v_id = vec4(0.0);
    v_alphaModifier = 0.0;
    return;
  }

  // --- Perpendicular offset (shared with edge label shader) ---
  float bodyCenterDist = (bodyStartDist + bodyEndDist) * 0.5;
  float centerT = queryPathTAtDistance(pathId, bodyCenterDist, source, target);
  float screenDir = computeEdgeLabelScreenDir(pathId, centerT, source, target, u_matrix);
  float readingSign = `).concat(s?"screenDir":"1.0",`;
  float halfThickness = webGLThickness * 0.5;
  float perpOffset = computeEdgeLabelPerpOffset(
    a_positionMode, halfThickness, marginWebGL, halfTextHeight, readingSign, screenDir
  );

  // --- Ribbon span (clipped to body) ---
  float halfTextWebGL = textWidthWebGL * 0.5;
  float labelStartDist = max(bodyCenterDist - halfTextWebGL, bodyStartDist);
  float labelEndDist = min(bodyCenterDist + halfTextWebGL, bodyEndDist);

  // Sample centerline at this pair, then apply perpendicular offset.
  // The ribbon follows the centerline path (simple & robust); for curved edges
  // this closely matches the offset path the characters sit on.
  float u = float(pairIdx) / float(RIBBON_SEGMENTS);
  float arcDist = mix(labelStartDist, labelEndDist, u);
  float t = queryPathTAtDistance(pathId, arcDist, source, target);
  vec2 pos = queryPathPosition(pathId, t, source, target);
  vec2 tan = queryPathTangent(pathId, t, source, target);
  vec2 perp = vec2(-tan.y, tan.x);

  vec2 centerPos = pos + perp * perpOffset;

  float halfRibbon = halfTextHeight + paddingWebGL;
  float sideSign = side == 0 ? -1.0 : 1.0;
  vec2 ribbonPos = centerPos + perp * (sideSign * halfRibbon);

  vec3 clipPos = u_matrix * vec3(ribbonPos, 1.0);
  gl_Position = vec4(clipPos.xy, 0.0, 1.0);

  v_color = a_color;
  v_id = a_id;
  v_alphaModifier = alphaModifier;
}
`);return h}var uh=`#version 300 es
precision highp float;

in vec4 v_color;
in vec4 v_id;
in float v_alphaModifier;

out vec4 fragColor;

void main() {
#ifdef PICKING_MODE
  if (v_alphaModifier <= 0.0) discard;
  fragColor = v_id;
#else
  float alpha = v_color.a * v_alphaModifier;
  if (alpha <= 0.0) discard;
  fragColor = vec4(v_color.rgb * alpha, alpha);
#endif
}
`;function dh(a,n,e,t){var r=t.shaderConfig,i=r.paths,o=r.fontSizeMode;if(i.length===0)throw new Error("createEdgeLabelBackgroundProgram: shaderConfig must declare at least one path");var s=_t(),l=Xe([].concat(Q(i),[s])),u=Wa([].concat(Q(i),[s]),l),d=lh(r),c=(function(h){function f(g,p,m){var v;return ne(this,f),v=pe(this,f,[g,p,m]),R(v,"totalCount",0),R(v,"bufferCapacity",0),R(v,"edgeAttributeTexture",null),v.edgeAttributeTexture=new Na(g,l),v.packedAttributeData=new Float32Array(l.floatsPerItem),v}return me(f,h),ae(f,[{key:"getDefinition",value:function(){for(var p=WebGL2RenderingContext,m=p.FLOAT,v=p.UNSIGNED_BYTE,y=p.TRIANGLE_STRIP,b=[],x=0;x<Fo;x++)b.push([x]);var _=["u_matrix","u_sizeRatio","u_correctionRatio","u_pixelRatio","u_cameraAngle","u_resolution","u_nodeDataTexture","u_nodeDataTextureWidth","u_edgeDataTexture","u_edgeDataTextureWidth","u_edgeFrameTexture","u_edgeFrameTextureWidth"];return o==="scaled"&&_.push("u_zoomSizeRatio"),l.floatsPerItem>0&&_.push("u_edgeAttributeTexture","u_edgeAttributeTextureWidth","u_edgeAttributeTexelsPerEdge"),{VERTICES:Fo,VERTEX_SHADER_SOURCE:d,FRAGMENT_SHADER_SOURCE:uh,METHOD:y,UNIFORMS:_,ATTRIBUTES:[{name:"a_edgeIndex",size:1,type:m},{name:"a_edgeAttrIndex",size:1,type:m},{name:"a_baseFontSize",size:1,type:m},{name:"a_totalTextWidth",size:1,type:m},{name:"a_positionMode",size:1,type:m},{name:"a_margin",size:1,type:m},{name:"a_padding",size:1,type:m},{name:"a_color",size:4,type:v,normalized:!0},{name:"a_id",size:4,type:v,normalized:!0}],CONSTANT_ATTRIBUTES:[{name:"a_vertexIndex",size:1,type:m}],CONSTANT_DATA:b}}},{key:"processEdgeLabelBackground",value:function(p,m,v){var y=0;if(this.edgeAttributeTexture&&l.floatsPerItem>0){y=this.edgeAttributeTexture.allocate(m);var b=this.packedAttributeData;Oa(u,v.edgeAttributes,b,"",sh,0),this.edgeAttributeTexture.updateAllAttributes(m,b)}var x=this.floats,_=this.ints,E=p*this.STRIDE;x[E++]=v.edgeIndex,x[E++]=y,x[E++]=v.baseFontSize,x[E++]=v.totalTextWidth,x[E++]=v.positionMode,x[E++]=v.margin,x[E++]=v.padding,x[E++]=v.color,_[E++]=v.id}},{key:"setUniforms",value:function(p,m){var v=m.gl,y=m.uniformLocations;if(v.uniformMatrix3fv(y.u_matrix,!1,p.matrix),v.uniform1f(y.u_sizeRatio,p.sizeRatio),v.uniform1f(y.u_correctionRatio,p.correctionRatio),v.uniform1f(y.u_pixelRatio,p.pixelRatio),v.uniform1f(y.u_cameraAngle,p.cameraAngle),v.uniform2f(y.u_resolution,p.width,p.height),y.u_nodeDataTexture!==void 0&&v.uniform1i(y.u_nodeDataTexture,p.nodeDataTextureUnit),y.u_nodeDataTextureWidth!==void 0&&v.uniform1i(y.u_nodeDataTextureWidth,p.nodeDataTextureWidth),y.u_edgeDataTexture!==void 0&&v.uniform1i(y.u_edgeDataTexture,p.edgeDataTextureUnit),y.u_edgeDataTextureWidth!==void 0&&v.uniform1i(y.u_edgeDataTextureWidth,p.edgeDataTextureWidth),y.u_edgeFrameTexture!==void 0&&v.uniform1i(y.u_edgeFrameTexture,p.edgeFrameTextureUnit),y.u_edgeFrameTextureWidth!==void 0&&v.uniform1i(y.u_edgeFrameTextureWidth,p.edgeFrameTextureWidth),o==="scaled"&&y.u_zoomSizeRatio!==void 0){var b=this.renderer.getSetting("zoomToSizeRatioFunction");v.uniform1f(y.u_zoomSizeRatio,1/b(p.zoomRatio))}this.edgeAttributeTexture&&l.floatsPerItem>0&&y.u_edgeAttributeTexture!==void 0&&(this.edgeAttributeTexture.bind(Et),v.uniform1i(y.u_edgeAttributeTexture,Et),v.uniform1i(y.u_edgeAttributeTextureWidth,this.edgeAttributeTexture.getTextureWidth()),v.uniform1i(y.u_edgeAttributeTexelsPerEdge,this.edgeAttributeTexture.getTexelsPerItem()))}},{key:"renderProgram",value:function(p,m){this.edgeAttributeTexture&&l.floatsPerItem>0&&this.edgeAttributeTexture.upload(),Ae(f,"renderProgram",this,3)([p,m])}},{key:"kill",value:function(){this.edgeAttributeTexture&&(this.edgeAttributeTexture.kill(),this.edgeAttributeTexture=null),Ae(f,"kill",this,3)([])}},{key:"drawWebGL",value:function(p,m){var v=m.gl;this.totalCount!==0&&v.drawArraysInstanced(v.TRIANGLE_STRIP,0,this.VERTICES,this.totalCount)}},{key:"reallocate",value:function(p){this.totalCount=p,p>this.bufferCapacity&&(this.bufferCapacity=Math.max(p,Math.ceil(this.bufferCapacity*1.5)||10),Ae(f,"reallocate",this,3)([this.bufferCapacity]))}}])})(Bt);return new c(a,n,e)}function ts(a){var n,e,t,r,i,o;return{paths:a.paths,headLengthRatio:(n=a.headLengthRatio)!==null&&n!==void 0?n:0,tailLengthRatio:(e=a.tailLengthRatio)!==null&&e!==void 0?e:0,fontSizeMode:(t=a.fontSizeMode)!==null&&t!==void 0?t:"fixed",minVisibilityThreshold:(r=a.minVisibilityThreshold)!==null&&r!==void 0?r:.7,fullVisibilityThreshold:(i=a.fullVisibilityThreshold)!==null&&i!==void 0?i:.8,keepUpright:(o=a.keepUpright)!==null&&o!==void 0?o:!0}}var ch=rt.fontSize,hh=17/64;function fh(a){var n=a.paths,e=a.hasBorder,t=e===void 0?!1:e,r=a.fontSizeMode,i=r===void 0?"fixed":r,o=a.minVisibilityThreshold,s=o===void 0?.5:o,l=a.fullVisibilityThreshold,u=l===void 0?.6:l,d=a.keepUpright,c=d===void 0?!0:d,h=i==="scaled",f=n.some(function(y){return y.hasSharpCorners}),g=_t(),p=Xe([].concat(Q(n),[g])),m=Mn(p),v=`#version 300 es

// ============================================================================
// Attributes - Per Character (Instanced)
// ============================================================================

// Edge geometry: indices for texture lookup
// Edge data (source/target node indices, thickness, head/tail ratios) is fetched from edge data texture
// Edge path attributes (curvature, etc.) are fetched from edge attribute texture
in float a_edgeIndex;       // Index into edge data texture
in float a_edgeAttrIndex;   // Index into edge attribute texture (for curvature, etc.)
in float a_baseFontSize;    // Base font size in pixels (per-label)

// Character metrics (in glyph units = atlas font size pixels)
in vec4 a_charMetrics;      // (charTextOffset, charAdvance, totalTextWidth, positionMode)
in vec4 a_charDims;         // (charSize.x, charSize.y, charOffset.x, charOffset.y)

// Atlas texture coordinates
in vec4 a_texCoords;        // (x, y, width, height) in atlas pixels

// Label parameters
in vec2 a_labelParams;      // (margin, unused)

// Appearance
in vec4 a_color;            // Character color (RGBA, normalized)
`.concat(t?"in vec4 a_borderColor;      // Border color (RGBA, normalized)":"",`

// ============================================================================
// Attributes - Per Vertex (Constant)
// ============================================================================

in vec2 a_quadCorner;       // Quad corner: (0,0), (1,0), (0,1), (1,1)

// ============================================================================
// Uniforms
// ============================================================================

uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_correctionRatio;
uniform float u_pixelRatio;
uniform float u_cameraAngle;    // Required by node shape SDFs
// u_sdfBufferPixels kept for ABI compatibility but unused in shader
uniform float u_sdfBufferPixels;
uniform vec2 u_resolution;
uniform vec2 u_atlasSize;
uniform sampler2D u_nodeDataTexture; // Shared texture with node position/size/shape data
uniform int u_nodeDataTextureWidth;  // Width of 2D node data texture for coordinate calculation
uniform sampler2D u_edgeDataTexture; // Shared texture with edge data
uniform int u_edgeDataTextureWidth;  // Width of 2D edge data texture for coordinate calculation
uniform sampler2D u_edgeFrameTexture; // Per-edge clamp (tStart, tEnd, straightenFactor, pathLength)
uniform int u_edgeFrameTextureWidth;
`).concat(h?"uniform float u_zoomSizeRatio;  // Zoom-based size ratio from zoomToSizeRatioFunction":"",`

// Edge path attribute texture uniforms (for curvature and other path attributes)
`).concat(m.uniformDeclarations,`

// ============================================================================
// Varyings
// ============================================================================

out vec2 v_texCoord;
out vec4 v_color;
`).concat(t?"out vec4 v_borderColor;":"",`
out float v_edgeFade;  // 0 = fully visible, 1 = fully faded (outside body)
out float v_alphaModifier;  // 0-1 based on label visibility ratio
out float v_fontScale;  // Ratio of rendered font size to atlas font size
`).concat(t?"out float v_positionMode;  // Position mode for conditional border (0=over needs border)":"",`

// ============================================================================
// Constants
// ============================================================================

const float bias = 255.0 / 254.0;
const float FADE_WIDTH_PIXELS = 15.0;  // Width of fade gradient in pixels
const float ATLAS_FONT_SIZE = `).concat(Te(ch),`;  // Base font size used in SDF atlas
const float VERTICAL_CENTER_RATIO = `).concat(Te(hh),`;  // Baseline to visual center ratio

// ============================================================================
// Path Attribute Variables (set in main, used by path functions)
// ============================================================================
// Path attributes are fetched from the edge attribute texture and stored in
// variables with v_ prefix (e.g., v_curvature) for path functions to access.
`).concat(m.vertexVaryingDeclarations.replace(/out /g,""),`

// Node size variables (set in main, used by some path functions like loops).
// These mirror the v_sourceNodeSize / v_targetNodeSize varyings in generator.ts,
// but are plain floats here since the label shader is vertex-only.
float v_sourceNodeSize;
float v_targetNodeSize;

// Shared preamble: shape SDFs, path functions + selectors, clamp, helpers.
`).concat(Jo({paths:n,minVisibilityThreshold:s,fullVisibilityThreshold:u}),`

// ============================================================================
// Main
// ============================================================================

void main() {
  // -------------------------------------------------------------------------
  // Fetch edge data from edge texture (2 texels per edge)
  // -------------------------------------------------------------------------
  // Texel 0: sourceNodeIndex, targetNodeIndex, thickness, reserved
  // Texel 1: headLengthRatio, tailLengthRatio, pathId, extremityIds
  int edgeIdx = int(a_edgeIndex);
  int texel0Idx = edgeIdx * 2;
  int texel1Idx = edgeIdx * 2 + 1;
  ivec2 edgeTexCoord0 = ivec2(texel0Idx % u_edgeDataTextureWidth, texel0Idx / u_edgeDataTextureWidth);
  ivec2 edgeTexCoord1 = ivec2(texel1Idx % u_edgeDataTextureWidth, texel1Idx / u_edgeDataTextureWidth);
  vec4 edgeData0 = texelFetch(u_edgeDataTexture, edgeTexCoord0, 0);
  vec4 edgeData1 = texelFetch(u_edgeDataTexture, edgeTexCoord1, 0);

  // Unpack edge data
  int srcIdx = int(edgeData0.x);
  int tgtIdx = int(edgeData0.y);
  float thickness = edgeData0.z;
  // edgeData0.w is reserved
  float headLengthRatio = edgeData1.x;
  float tailLengthRatio = edgeData1.y;
  int pathId = int(edgeData1.z);  // Path type for multi-path support
  float baseFontSize = a_baseFontSize;

  // -------------------------------------------------------------------------
  // Fetch path attributes from edge attribute texture
  // -------------------------------------------------------------------------
  // Note: The fetch code uses 'edgeIdx' variable, so we set it to the attribute texture index
  {
    int edgeIdx = int(a_edgeAttrIndex);  // Use attribute texture index for path attributes
`).concat(m.fetchCode,`
`).concat(m.varyingAssignments,`
  }

  // -------------------------------------------------------------------------
  // Fetch node data from node texture (geometry texel + rotation-flags texel)
  // -------------------------------------------------------------------------
  vec4 srcNodeData = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, srcIdx);
  vec4 tgtNodeData = readNodeData(u_nodeDataTexture, u_nodeDataTextureWidth, tgtIdx);

  vec2 source = srcNodeData.xy;
  vec2 target = tgtNodeData.xy;
  float sourceSize = srcNodeData.z;
  float targetSize = tgtNodeData.z;
  v_sourceNodeSize = sourceSize;
  v_targetNodeSize = targetSize;
  float charTextOffset = a_charMetrics.x;
  float charAdvance = a_charMetrics.y;
  float totalTextWidth = a_charMetrics.z;
  float positionMode = a_charMetrics.w;
  vec2 charSize = a_charDims.xy;
  vec2 charOffset = a_charDims.zw;
  float margin = a_labelParams.x;

  // -------------------------------------------------------------------------
  // Compute pixel-to-graph conversion (for fixed font size mode)
  // -------------------------------------------------------------------------
  // This converts screen pixels to graph units such that N pixels on screen
  // becomes N pixels regardless of zoom level.
  // matrixScaleX is how much the matrix scales graph units to clip space
  float matrixScaleX = length(vec2(u_matrix[0][0], u_matrix[1][0]));
  float pixelToGraph = 2.0 / (matrixScaleX * u_resolution.x);

  // -------------------------------------------------------------------------
  // Step 1: Convert thickness to WebGL units
  // -------------------------------------------------------------------------
  float webGLThickness = thickness * u_correctionRatio / u_sizeRatio;

  // -------------------------------------------------------------------------
  // Step 2: Compute body bounds (truncated at node boundaries + extremities)
  // -------------------------------------------------------------------------
  vec4 edgeClamp = readFrameTexel(u_edgeFrameTexture, u_edgeFrameTextureWidth, edgeIdx);
  vec3 bodyBounds = computeEdgeLabelBodyBounds(
    edgeClamp.x, edgeClamp.y, edgeClamp.w,
    webGLThickness, headLengthRatio, tailLengthRatio
  );
  float bodyStartDist = bodyBounds.x;
  float bodyEndDist = bodyBounds.y;
  float bodyLength = bodyBounds.z;

  // -------------------------------------------------------------------------
  // Step 3: Compute font scale and text dimensions
  // -------------------------------------------------------------------------
  // Font size modes:
  // - "fixed": Constant pixel size regardless of zoom, using pixelToGraph conversion
  // - "scaled": Scales with zoom using zoomToSizeRatioFunction
  `).concat(h?`// Scaled mode: font scales with zoom
  float fontScale = baseFontSize / ATLAS_FONT_SIZE * u_zoomSizeRatio;
  // Convert glyph-unit metrics to WebGL units (scales with zoom)
  float textWidthWebGL = totalTextWidth * fontScale * u_correctionRatio / u_sizeRatio;
  float charOffsetWebGL = charTextOffset * fontScale * u_correctionRatio / u_sizeRatio;
  float charAdvanceWebGL = charAdvance * fontScale * u_correctionRatio / u_sizeRatio;`:`// Fixed mode: font stays constant in screen pixels
  float fontScale = baseFontSize / ATLAS_FONT_SIZE;
  // Convert glyph-unit metrics to graph units using pixelToGraph (zoom-independent)
  float textWidthWebGL = totalTextWidth * fontScale * pixelToGraph;
  float charOffsetWebGL = charTextOffset * fontScale * pixelToGraph;
  float charAdvanceWebGL = charAdvance * fontScale * pixelToGraph;`,`

  // Font scale varying for fragment shader gamma scaling.
  // Ratio of rendered font size to atlas font size \u2014 used to tighten the
  // anti-aliasing band for large labels so they stay sharp.
  v_fontScale = fontScale;

  // -------------------------------------------------------------------------
  // Step 4: Alpha modifier from how much of the label fits in the body
  // -------------------------------------------------------------------------
  float alphaModifier = computeEdgeLabelAlpha(bodyLength, textWidthWebGL);

  // -------------------------------------------------------------------------
  // Step 5: Compute character center offset (truncation check moved to after curvature adjustment)
  // -------------------------------------------------------------------------
  // Body center in arc distance
  float bodyCenterDist = (bodyStartDist + bodyEndDist) * 0.5;

  float centerT = queryPathTAtDistance(pathId, bodyCenterDist, source, target);
  float screenDir = computeEdgeLabelScreenDir(pathId, centerT, source, target, u_matrix);

  // Reversed labels lay their characters out from target to source
  float readingSign = `).concat(c?"screenDir":"1.0",`;

  // Character center position relative to label center (on centerline, before curvature adjustment)
  float charCenterOffset = readingSign * (charOffsetWebGL + charAdvanceWebGL * 0.5 - textWidthWebGL * 0.5);

  // -------------------------------------------------------------------------
  // Step 6: Compute perpendicular offset based on position mode
  // -------------------------------------------------------------------------
  // Position modes: 0=over, 1=above, 2=below, 3=auto
  // Needed early for curvature-adaptive character spacing in Step 7
  float halfThickness = webGLThickness * 0.5;
  `).concat(h?`// Scaled mode: margin and text height scale with zoom (same factor as font)
  float marginWebGL = margin * u_zoomSizeRatio * u_correctionRatio / u_sizeRatio;
  float halfTextHeight = baseFontSize * 0.35 * u_zoomSizeRatio * u_correctionRatio / u_sizeRatio;`:`// Fixed mode: margin and text height stay constant in screen pixels
  float marginWebGL = margin * pixelToGraph;
  float halfTextHeight = baseFontSize * 0.35 * pixelToGraph;`,`
  float perpOffset = computeEdgeLabelPerpOffset(
    positionMode, halfThickness, marginWebGL, halfTextHeight, readingSign, screenDir
  );

  // -------------------------------------------------------------------------
  // Step 7: Position character on path using offset path traversal
  // -------------------------------------------------------------------------
  // For "over" mode (perpOffset = 0), use simple centerline placement
  // For above/below modes, walk along the offset path to find correct position
  float charT;

  if (perpOffset == 0.0) {
    // Simple case: place on centerline
    float charArcDist = bodyCenterDist + charCenterOffset;
    charT = queryPathTAtDistance(pathId, charArcDist, source, target);
  } else {
    // Offset path traversal: walk along the offset curve to find character position
    // This ensures even character spacing regardless of curvature

    `).concat(f?`// -----------------------------------------------------------------------
    // Corner skip setup for step/taxi edges with above/below labels
    // -----------------------------------------------------------------------
    // At concave corners (inner side of the bend), characters would bunch up
    // because the offset path has near-zero arc length. We detect corner
    // crossings during the offset path traversal and add skip distance.

    // Get corner t values and concavity
    vec2 cornerTs = queryGetCornerTs(pathId, source, target);
    vec2 concavity = queryGetCornerConcavity(pathId, source, target, perpOffset);

    // Skip distance in graph units, proportional to on-screen font size
    // For fixed mode: use pixelToGraph so gap stays constant regardless of zoom
    // For scaled mode: use the same conversion as text width
    `.concat(h?"float skipDistGraph = STEP_INNER_CORNER_SKIP_FACTOR * baseFontSize * u_zoomSizeRatio * u_correctionRatio / u_sizeRatio;":"float skipDistGraph = STEP_INNER_CORNER_SKIP_FACTOR * baseFontSize * pixelToGraph;",`

    // Corner t values for detecting crossings during traversal
    float corner1T = cornerTs.x;
    float corner2T = cornerTs.y;
    bool corner1IsConcave = concavity.x > 0.5;
    bool corner2IsConcave = concavity.y > 0.5;`):"",`

    // Target distance along offset path from center
    float targetOffsetDist = abs(charCenterOffset);

    // Handle center character (charCenterOffset \u2248 0) - no search needed
    if (targetOffsetDist < 0.0001) {
      charT = centerT;
    } else {
      vec2 centerPos = queryPathPosition(pathId, centerT, source, target);
      vec2 centerNormal = queryPathNormal(pathId, centerT, source, target);
      vec2 offsetCenter = centerPos + centerNormal * perpOffset;

      float searchDir = charCenterOffset > 0.0 ? 1.0 : -1.0;

      // Search bounds (t values for body start and end)
      float tBodyStart = queryPathTAtDistance(pathId, bodyStartDist, source, target);
      float tBodyEnd = queryPathTAtDistance(pathId, bodyEndDist, source, target);

      // Walk along offset path to find character position
      float accumDist = 0.0;
      vec2 prevOffsetPos = offsetCenter;
      float prevT = centerT;
      float foundT = centerT;

      // Search range depends on direction
      float tSearchEnd = searchDir > 0.0 ? tBodyEnd : tBodyStart;

      `).concat(f?`// Track which concave corners we've crossed to add skip distance
      bool crossedCorner1 = false;
      bool crossedCorner2 = false;
      float effectiveTargetDist = targetOffsetDist;`:"",`

      const int STEPS = 32;
      for (int i = 1; i <= STEPS; i++) {
        // Step along centerline t, from center toward target
        float stepT = centerT + searchDir * float(i) * abs(tSearchEnd - centerT) / float(STEPS);

        `).concat(f?`// Check for concave corner crossings and add skip distance
        // Corner 1 crossing check
        if (corner1IsConcave && !crossedCorner1) {
          bool crossingCorner1 = (searchDir > 0.0)
            ? (prevT < corner1T && stepT >= corner1T)
            : (prevT > corner1T && stepT <= corner1T);
          if (crossingCorner1) {
            crossedCorner1 = true;
            effectiveTargetDist += skipDistGraph;
          }
        }

        // Corner 2 crossing check
        if (corner2IsConcave && !crossedCorner2) {
          bool crossingCorner2 = (searchDir > 0.0)
            ? (prevT < corner2T && stepT >= corner2T)
            : (prevT > corner2T && stepT <= corner2T);
          if (crossingCorner2) {
            crossedCorner2 = true;
            effectiveTargetDist += skipDistGraph;
          }
        }`:"",`

        // Compute offset position at this t
        vec2 stepPos = queryPathPosition(pathId, stepT, source, target);
        vec2 stepNormal = queryPathNormal(pathId, stepT, source, target);
        vec2 offsetPos = stepPos + stepNormal * perpOffset;

        // Distance along offset path
        float segDist = length(offsetPos - prevOffsetPos);

        `).concat(f?`if (accumDist + segDist >= effectiveTargetDist) {
          // Interpolate within segment to find exact t
          float remaining = effectiveTargetDist - accumDist;
          float segT = remaining / max(segDist, 0.0001);
          foundT = mix(prevT, stepT, segT);
          break;
        }`:`if (accumDist + segDist >= targetOffsetDist) {
          // Interpolate within segment to find exact t
          float remaining = targetOffsetDist - accumDist;
          float segT = remaining / max(segDist, 0.0001);
          foundT = mix(prevT, stepT, segT);
          break;
        }`,`

        accumDist += segDist;
        prevOffsetPos = offsetPos;
        prevT = stepT;
        // Update foundT to last valid position in case loop exhausts without finding target
        foundT = stepT;
      }

      charT = foundT;
    }
  }

  // Get position and tangent at final character position
  vec2 pathPos = queryPathPosition(pathId, charT, source, target);
  vec2 tangent = queryPathTangent(pathId, charT, source, target);

  // Compute perpendicular direction (90 degrees from tangent)
  vec2 perpDir = vec2(-tangent.y, tangent.x);

  // Apply perpendicular offset to path position
  vec2 offsetPathPos = pathPos + perpDir * perpOffset;

  // -------------------------------------------------------------------------
  // Step 8: Build character quad
  // -------------------------------------------------------------------------
  // Character size in screen pixels
  vec2 charSizePixels = charSize * fontScale;

  // Character offset from origin to the atlas region's top-left corner.
  // bearingX/bearingY already include the SDF buffer.
  vec2 charOffsetPixels = charOffset * fontScale;

  // The character's local X offset from pathPos (which is at character center)
  float charLocalX = -charAdvance * 0.5 * fontScale;

  // Build quad position:
  // - Start at character origin (charLocalX on X axis, 0 on Y axis = baseline)
  // - Add bearing offset to get to atlas region corner
  // - Add quad corner * size to get vertex position
  vec2 quadPos;
  quadPos.x = charLocalX + charOffsetPixels.x + a_quadCorner.x * charSizePixels.x;
  // charOffset.y = -bearingY (negated), so -charOffsetPixels.y = bearingY * fontScale
  // (distance from baseline to atlas region top, positive = upward)
  // Quad corner (0,0) = bottom-left, (1,1) = top-right
  quadPos.y = -charOffsetPixels.y - charSizePixels.y * (1.0 - a_quadCorner.y);

  // Center vertically on the path by offsetting by half the visual text height
  // VERTICAL_CENTER_RATIO is the distance from baseline to visual center as a ratio of atlas font size
  float verticalCenterOffset = VERTICAL_CENTER_RATIO * ATLAS_FONT_SIZE * fontScale;
  quadPos.y -= verticalCenterOffset;

  // -------------------------------------------------------------------------
  // Step 9: Rotate quad to align with tangent
  // -------------------------------------------------------------------------
  // Rotation matrix from the reading direction
  // readingDir = (cos(angle), sin(angle)), so we can build rotation directly
  vec2 readingDir = tangent * readingSign;
  mat2 rotation = mat2(readingDir.x, readingDir.y, -readingDir.y, readingDir.x);

  // Convert pixel offset to WebGL units for rotation
  `).concat(h?"vec2 quadPosWebGL = quadPos * u_correctionRatio / u_sizeRatio; // Scaled mode":"vec2 quadPosWebGL = quadPos * pixelToGraph; // Fixed mode: use pixelToGraph for zoom-independent size",`

  // Rotate around character center on path
  vec2 rotatedOffset = rotation * quadPosWebGL;

  // Final position in graph space (using offset path position for above/below modes)
  vec2 worldPos = offsetPathPos + rotatedOffset;

  // -------------------------------------------------------------------------
  // Step 10: Transform to clip space
  // -------------------------------------------------------------------------
  vec3 clipPos = u_matrix * vec3(worldPos, 1.0);
  gl_Position = vec4(clipPos.xy, 0.0, 1.0);

  // -------------------------------------------------------------------------
  // Step 11: Texture coordinates
  // -------------------------------------------------------------------------
  // Flip Y for texture coordinates (texture Y goes down, quad Y goes up)
  vec2 texCorner = vec2(a_quadCorner.x, 1.0 - a_quadCorner.y);
  v_texCoord = (a_texCoords.xy + texCorner * a_texCoords.zw) / u_atlasSize;

  // -------------------------------------------------------------------------
  // Step 12: Pass color, border color, and alpha modifier
  // -------------------------------------------------------------------------
  v_color = a_color;
  v_color.a *= bias;
`).concat(t?`  v_borderColor = a_borderColor;
  v_borderColor.a *= bias;
  v_positionMode = positionMode;`:"",`
  v_alphaModifier = alphaModifier;

  // -------------------------------------------------------------------------
  // Step 13: Compute edge fade for soft truncation
  // -------------------------------------------------------------------------
  // Convert fade width from pixels to WebGL units
  `).concat(h?"float fadeWidthWebGL = FADE_WIDTH_PIXELS * u_correctionRatio / u_sizeRatio;":"float fadeWidthWebGL = FADE_WIDTH_PIXELS * pixelToGraph;",`

  // Compute the arc position of THIS VERTEX (not just character center)
  // The quad extends from charCenter - advance/2 to charCenter + advance/2
  // a_quadCorner.x is 0 for left edge, 1 for right edge
  float vertexLocalOffset = readingSign * (a_quadCorner.x - 0.5) * charAdvanceWebGL;
  float vertexArcOffset = charCenterOffset + vertexLocalOffset;

  // Compute distance from body edges (positive = inside body, negative = outside)
  float halfBody = bodyLength * 0.5;
  float distFromStart = vertexArcOffset + halfBody;  // Distance from body start edge
  float distFromEnd = halfBody - vertexArcOffset;    // Distance from body end edge
  float distFromEdge = min(distFromStart, distFromEnd);

  // Compute fade: 0 = fully visible (deep inside body), 1 = fully faded (at body edge)
  // Fade goes from 0 (at 2*fadeWidth inside) to 1 (at body edge)
  // This ensures text is fully transparent before reaching extremities
  v_edgeFade = 1.0 - smoothstep(0.0, fadeWidthWebGL * 2.0, distFromEdge);
}
`);return v}function gh(){var a=arguments.length>0&&arguments[0]!==void 0?arguments[0]:{},n=a.hasBorder,e=n===void 0?!1:n,t=`#version 300 es
precision highp float;

in vec2 v_texCoord;
in vec4 v_color;
`.concat(e?"in vec4 v_borderColor;":"",`
in float v_edgeFade;  // 0 = fully visible, 1 = fully faded
in float v_alphaModifier;  // 0-1 based on label visibility ratio
in float v_fontScale;  // Ratio of rendered font size to atlas font size
`).concat(e?"in float v_positionMode;  // Position mode (0=over, 1=above, 2=below, 3=auto)":"",`

uniform sampler2D u_atlas;
uniform float u_gamma;
uniform float u_sdfBuffer;
uniform float u_pixelRatio;
`).concat(e?"uniform float u_borderWidth;  // Border width in SDF units (normalized)":"",`

// Fragment output (single target - picking handled via separate pass)
out vec4 fragColor;

void main() {
  #ifdef PICKING_MODE
    // Edge labels are not pickable - discard all fragments in picking mode
    fragColor = vec4(0.0);
    discard;
  #else
  // SDF stores normalized distance: 0.5 = on edge, >0.5 = inside glyph
  float sdfValue = texture(u_atlas, v_texCoord).a;

  // Edge threshold accounting for SDF buffer padding
  float edge = 1.0 - u_sdfBuffer;

  // Scale gamma inversely with font scale so small labels get a wider AA band
  // (smoother) and large labels get a tighter band (sharper).
  float aaWidth = u_gamma / (u_pixelRatio * v_fontScale);

  // Apply edge fade for soft truncation at body boundaries
  // Also apply visibility-based alpha modifier for short edge labels
  float edgeAlpha = (1.0 - v_edgeFade) * v_alphaModifier;

`).concat(e?`  // Fill alpha: fully opaque inside the glyph
  float fillAlpha = smoothstep(edge - aaWidth, edge + aaWidth, sdfValue);

  // Only apply border for "over" position mode (v_positionMode == 0.0)
  // Labels positioned above/below/auto don't overlap the edge line and don't need borders
  if (v_positionMode < 0.5) {
    // Border rendering: compute alpha for both fill and border regions
    // Border extends from (edge - borderWidth) to edge
    float borderEdge = edge - u_borderWidth;

    // Border alpha: opaque in the border region (between borderEdge and edge)
    float borderAlpha = smoothstep(borderEdge - aaWidth, borderEdge + aaWidth, sdfValue);

    // Composite: fill on top of border
    // Border is visible where borderAlpha > 0 but fillAlpha < 1
    vec3 borderColorPremult = v_borderColor.rgb * v_borderColor.a * borderAlpha * edgeAlpha;
    vec3 fillColorPremult = v_color.rgb * v_color.a * fillAlpha * edgeAlpha;

    // Blend fill over border (fill replaces border where fill is opaque)
    float finalBorderAlpha = borderAlpha * (1.0 - fillAlpha);
    vec3 finalColor = fillColorPremult + v_borderColor.rgb * v_borderColor.a * finalBorderAlpha * edgeAlpha;
    float finalAlpha = (v_color.a * fillAlpha + v_borderColor.a * finalBorderAlpha) * edgeAlpha;

    fragColor = vec4(finalColor, finalAlpha);
  } else {
    // No border for above/below/auto positions - simple text rendering
    float finalAlpha = v_color.a * fillAlpha * edgeAlpha;
    fragColor = vec4(v_color.rgb * finalAlpha, finalAlpha);
  }`:`  // Smooth transition from transparent to opaque at glyph edge
  float alpha = smoothstep(edge - aaWidth, edge + aaWidth, sdfValue);

  // Premultiplied alpha output
  float finalAlpha = v_color.a * alpha * edgeAlpha;
  fragColor = vec4(v_color.rgb * finalAlpha, finalAlpha);`,`
  #endif
}
`);return t}function vh(a){var n=arguments.length>1&&arguments[1]!==void 0?arguments[1]:!1,e=arguments.length>2&&arguments[2]!==void 0?arguments[2]:"fixed",t=["u_matrix","u_sizeRatio","u_correctionRatio","u_pixelRatio","u_cameraAngle","u_sdfBufferPixels","u_resolution","u_atlasSize","u_atlas","u_gamma","u_sdfBuffer","u_nodeDataTexture","u_nodeDataTextureWidth","u_edgeDataTexture","u_edgeDataTextureWidth","u_edgeFrameTexture","u_edgeFrameTextureWidth","u_edgeAttributeTexture","u_edgeAttributeTextureWidth","u_edgeAttributeTexelsPerEdge"];e==="scaled"&&t.push("u_zoomSizeRatio"),n&&t.push("u_borderWidth");var r=B(a),i;try{for(r.s();!(i=r.n()).done;){var o=i.value,s=B(o.uniforms),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;t.includes(u.name)||t.push(u.name)}}catch(d){s.e(d)}finally{s.f()}}}catch(d){r.e(d)}finally{r.f()}return t}function ph(a){var n=a.hasBorder,e=n===void 0?!1:n,t=a.fontSizeMode,r=t===void 0?"fixed":t;return{vertexShader:fh(a),fragmentShader:gh({hasBorder:e}),uniforms:vh(a.paths,e,r)}}var mh=new Map;function yh(a){switch(a){case"over":return 0;case"above":return 1;case"below":return 2;case"auto":return 3;default:return 0}}function bh(a,n,e,t){var r=t.color,i=t.margin,o=t.textBorder,s=ts(t),l=s.paths,u=s.fontSizeMode,d=s.minVisibilityThreshold,c=s.fullVisibilityThreshold,h=s.keepUpright,f=!!o,g=ph({paths:l,hasBorder:f,fontSizeMode:u,minVisibilityThreshold:d,fullVisibilityThreshold:c,keepUpright:h}),p=(function(m){function v(y,b,x){var _;ne(this,v),_=pe(this,v,[y,b,x]),R(_,"atlasTexture",null),R(_,"atlasNeedsUpdate",!1),R(_,"refreshTimeout",null),R(_,"labelGlyphCache",new Map),R(_,"edgeAttributeTexture",null);var E=_t();if(_.attributeLayout=Xe([].concat(Q(l),[E])),_.attrDescriptors=Wa([].concat(Q(l),[E]),_.attributeLayout),_.edgeAttributeTexture=new Na(y,_.attributeLayout),_.packedAttributeData=new Float32Array(_.attributeLayout.floatsPerItem),_.atlasManager=new Ot,_.gamma=.025,_.sdfBuffer=rt.cutoff,_.atlasTexture=y.createTexture(),!_.atlasTexture)throw new Error("EdgeLabelProgram: failed to create atlas texture");y.bindTexture(y.TEXTURE_2D,_.atlasTexture),y.texParameteri(y.TEXTURE_2D,y.TEXTURE_WRAP_S,y.CLAMP_TO_EDGE),y.texParameteri(y.TEXTURE_2D,y.TEXTURE_WRAP_T,y.CLAMP_TO_EDGE),y.texParameteri(y.TEXTURE_2D,y.TEXTURE_MIN_FILTER,y.LINEAR),y.texParameteri(y.TEXTURE_2D,y.TEXTURE_MAG_FILTER,y.LINEAR),y.bindTexture(y.TEXTURE_2D,null),_.atlasManager.on(Ot.ATLAS_UPDATED_EVENT,function(){_.atlasNeedsUpdate=!0,_.refreshTimeout!==null&&clearTimeout(_.refreshTimeout),_.refreshTimeout=setTimeout(function(){_.refreshTimeout=null,_.renderer.refresh()},0)});var w={family:"sans-serif",weight:"normal",style:"normal"};return _.defaultFontKey=_.atlasManager.registerFont(w),_}return me(v,m),ae(v,[{key:"getDefinition",value:function(){var b=WebGL2RenderingContext,x=b.FLOAT,_=b.UNSIGNED_BYTE,E=b.TRIANGLE_STRIP,w=new Set,A=[],S=B(l),L;try{for(S.s();!(L=S.n()).done;){var G=L.value,C=B(G.attributes),N;try{for(C.s();!(N=C.n()).done;){var k=N.value,I=k.name.startsWith("a_")?k.name:"a_".concat(k.name);w.has(I)||(w.add(I),A.push({name:I,size:k.size,type:k.type}))}}catch(W){C.e(W)}finally{C.f()}}}catch(W){S.e(W)}finally{S.f()}return{VERTICES:4,VERTEX_SHADER_SOURCE:g.vertexShader,FRAGMENT_SHADER_SOURCE:g.fragmentShader,METHOD:E,UNIFORMS:g.uniforms,ATTRIBUTES:[{name:"a_edgeIndex",size:1,type:x},{name:"a_edgeAttrIndex",size:1,type:x},{name:"a_baseFontSize",size:1,type:x},{name:"a_charMetrics",size:4,type:x},{name:"a_charDims",size:4,type:x},{name:"a_texCoords",size:4,type:x},{name:"a_labelParams",size:2,type:x},{name:"a_color",size:4,type:_,normalized:!0}].concat(Q(f?[{name:"a_borderColor",size:4,type:_,normalized:!0}]:[]),Q(A.filter(function(W){return!["a_curvature","curvature"].includes(W.name)}))),CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:x}],CONSTANT_DATA:[[0,0],[1,0],[0,1],[1,1]]}}},{key:"prepareLabelGlyphs",value:function(b,x){if(x.hidden||!x.text){this.labelGlyphCache.delete(b);return}var _=x.text,E=x.fontKey||this.defaultFontKey;this.atlasManager.ensureGlyphs(_,E);var w=[],A=[],S=0,L=B(_),G;try{for(L.s();!(G=L.n()).done;){var C=G.value,N=C.codePointAt(0);if(N===void 0){w.push(void 0),A.push(S);continue}var k=this.atlasManager.getGlyph(N,E);w.push(k),A.push(S),k&&(S+=k.advance)}}catch(I){L.e(I)}finally{L.f()}this.labelGlyphCache.set(b,{glyphs:w,xOffsets:A,totalWidth:S})}},{key:"processCharacter",value:function(b,x,_,E){var w,A,S,L=this.floats,G=this.STRIDE,C=b*G,N=this.labelGlyphCache.get(x.parentKey);if(!N||!N.glyphs[E]){for(var k=0;k<G;k++)L[C+k]=0;return}var I=N.glyphs[E],W=N.xOffsets[E],P=v.labelColor,T=P&&ie(P)==="object"&&"color"in P&&P.color?P.color:x.color,F=je(T),M=C;L[M++]=x.edgeIndex,L[M++]=(w=(A=this.edgeAttributeTexture)===null||A===void 0?void 0:A.getIndex(x.parentKey))!==null&&w!==void 0?w:0,L[M++]=x.size,L[M++]=W,L[M++]=I.advance,L[M++]=N.totalWidth,L[M++]=yh(x.position),L[M++]=I.atlasWidth,L[M++]=I.atlasHeight,L[M++]=I.bearingX,L[M++]=-I.bearingY,L[M++]=I.atlasX,L[M++]=I.atlasY,L[M++]=I.atlasWidth,L[M++]=I.atlasHeight;var z=(S=v.labelMargin)!==null&&S!==void 0?S:x.margin;if(L[M++]=z,L[M++]=0,L[M++]=F,f&&o){var D;typeof o.color=="string"?D=o.color:D=o.color.color||"#ffffff",L[M++]=je(D)}var q=new Set,j=B(l),Z;try{for(j.s();!(Z=j.n()).done;){var Re=Z.value,ce=B(Re.attributes),K;try{for(ce.s();!(K=ce.n()).done;){var nt=K.value,Pe=nt.name.startsWith("a_")?nt.name.slice(2):nt.name;if(Pe!=="curvature"&&!q.has(Pe)){q.add(Pe);for(var Ct=0;Ct<nt.size;Ct++)L[M++]=0}}}catch(Ke){ce.e(Ke)}finally{ce.f()}}}catch(Ke){j.e(Ke)}finally{j.f()}}},{key:"processEdgeLabel",value:function(b,x,_){if(this.prepareLabelGlyphs(b,_),this.edgeAttributeTexture&&!_.hidden&&_.text){this.edgeAttributeTexture.allocate(b);var E=this.packedAttributeData;Oa(this.attrDescriptors,_.edgeAttributes,E,"",mh,0),this.edgeAttributeTexture.updateAllAttributes(b,E)}return Ae(v,"processLabel",this,3)([b,x,_])}},{key:"updateAtlasTexture",value:function(){if(this.atlasNeedsUpdate){var b=this.normalProgram.gl,x=this.atlasManager.getTextures();if(x.length!==0){var _=x[0];b.bindTexture(b.TEXTURE_2D,this.atlasTexture),b.texImage2D(b.TEXTURE_2D,0,b.RGBA,_.width,_.height,0,b.RGBA,b.UNSIGNED_BYTE,_.data),b.bindTexture(b.TEXTURE_2D,null),this.atlasNeedsUpdate=!1}}}},{key:"setUniforms",value:function(b,x){var _=x.gl,E=x.uniformLocations,w=this.atlasManager.getTextures(),A=w.length>0?[w[0].width,w[0].height]:[1,1];if(_.uniformMatrix3fv(E.u_matrix,!1,b.matrix),_.uniform1f(E.u_sizeRatio,b.sizeRatio),_.uniform1f(E.u_correctionRatio,b.correctionRatio),_.uniform1f(E.u_pixelRatio,b.pixelRatio),_.uniform1f(E.u_cameraAngle,b.cameraAngle),_.uniform1f(E.u_sdfBufferPixels,rt.buffer),_.uniform2f(E.u_resolution,b.width,b.height),_.uniform2f(E.u_atlasSize,A[0],A[1]),_.uniform1f(E.u_gamma,this.gamma),_.uniform1f(E.u_sdfBuffer,this.sdfBuffer),_.activeTexture(_.TEXTURE0),_.bindTexture(_.TEXTURE_2D,this.atlasTexture),_.uniform1i(E.u_atlas,0),E.u_nodeDataTexture!==void 0&&_.uniform1i(E.u_nodeDataTexture,b.nodeDataTextureUnit),E.u_nodeDataTextureWidth!==void 0&&_.uniform1i(E.u_nodeDataTextureWidth,b.nodeDataTextureWidth),E.u_edgeDataTexture!==void 0&&_.uniform1i(E.u_edgeDataTexture,b.edgeDataTextureUnit),E.u_edgeDataTextureWidth!==void 0&&_.uniform1i(E.u_edgeDataTextureWidth,b.edgeDataTextureWidth),E.u_edgeFrameTexture!==void 0&&_.uniform1i(E.u_edgeFrameTexture,b.edgeFrameTextureUnit),E.u_edgeFrameTextureWidth!==void 0&&_.uniform1i(E.u_edgeFrameTextureWidth,b.edgeFrameTextureWidth),f&&o&&E.u_borderWidth!==void 0){var S=o.width/rt.buffer*this.sdfBuffer;_.uniform1f(E.u_borderWidth,S)}if(this.edgeAttributeTexture&&E.u_edgeAttributeTexture!==void 0&&(this.edgeAttributeTexture.bind(Et),_.uniform1i(E.u_edgeAttributeTexture,Et),_.uniform1i(E.u_edgeAttributeTextureWidth,this.edgeAttributeTexture.getTextureWidth()),_.uniform1i(E.u_edgeAttributeTexelsPerEdge,this.edgeAttributeTexture.getTexelsPerItem())),u==="scaled"&&E.u_zoomSizeRatio!==void 0){var L=this.renderer.getSetting("zoomToSizeRatioFunction"),G=1/L(b.zoomRatio);_.uniform1f(E.u_zoomSizeRatio,G)}}},{key:"renderProgram",value:function(b,x){this.updateAtlasTexture(),this.atlasManager.hasPendingGlyphs()&&(this.atlasManager.flush(),this.updateAtlasTexture()),this.edgeAttributeTexture&&this.edgeAttributeTexture.upload(),Ae(v,"renderProgram",this,3)([b,x])}},{key:"registerFont",value:function(b){var x=arguments.length>1&&arguments[1]!==void 0?arguments[1]:"normal",_=arguments.length>2&&arguments[2]!==void 0?arguments[2]:"normal";return this.atlasManager.registerFont({family:b,weight:x,style:_})}},{key:"getAtlasManager",value:function(){return this.atlasManager}},{key:"ensureGlyphsReady",value:function(b,x){var _=x||this.defaultFontKey,E=B(b),w;try{for(E.s();!(w=E.n()).done;){var A=w.value;this.atlasManager.ensureGlyphs(A,_)}}catch(S){E.e(S)}finally{E.f()}this.atlasManager.flush()}},{key:"measureLabelAtlasWidth",value:function(b,x){var _=x||this.defaultFontKey;this.atlasManager.ensureGlyphs(b,_),this.atlasManager.hasPendingGlyphs()&&this.atlasManager.flush();var E=0,w=B(b),A;try{for(w.s();!(A=w.n()).done;){var S=A.value,L=S.codePointAt(0);if(L!==void 0){var G=this.atlasManager.getGlyph(L,_);G&&(E+=G.advance)}}}catch(C){w.e(C)}finally{w.f()}return E}},{key:"measureLabel",value:function(b,x,_){var E=this.measureLabelAtlasWidth(b,_),w=x/rt.fontSize;return{width:E*w,height:x,textHeight:x}}},{key:"kill",value:function(){var b=this.normalProgram.gl;this.refreshTimeout!==null&&(clearTimeout(this.refreshTimeout),this.refreshTimeout=null),this.atlasTexture&&(b.deleteTexture(this.atlasTexture),this.atlasTexture=null),this.edgeAttributeTexture&&(this.edgeAttributeTexture.kill(),this.edgeAttributeTexture=null),this.atlasManager.destroy(),this.labelGlyphCache.clear(),Ae(v,"kill",this,3)([])}}])})(jo);return R(p,"labelColor",r),R(p,"labelMargin",i),new p(a,n,e)}function _h(){var a=`
// No extremity - always returns positive (outside)
float extremity_none(vec2 uv, float lengthRatio, float widthRatio) {
  return 1.0;
}
`;return{name:"none",glsl:a,length:0,widthFactor:1,margin:0,uniforms:[],attributes:[]}}function ns(a,n,e,t,r,i,o){var s,l,u=Zo(t),d=u.paths,c=u.layers,h=u.defaultHead,f=u.defaultTail,g=[_h()].concat(Q(u.extremities)),p={},m={};d.forEach(function(C,N){return p[C.name]=N}),g.forEach(function(C,N){return m[C.name]=N});var v=(s=m[h])!==null&&s!==void 0?s:0,y=(l=m[f])!==null&&l!==void 0?l:0,b=null,x=Xe([].concat(Q(d),Q(c))),_=(function(C){function N(k,I,W){var P;ne(this,N),b||(b=Io({paths:d,extremities:g,layers:c,antialias:r})),P=pe(this,N,[k,I,W]),R(P,"layerLifecycles",new Map),R(P,"needsShaderRegeneration",!1),R(P,"edgeAttributeTexture",null),R(P,"layout",x),R(P,"attrDescriptors",[]),R(P,"lifecycleIndexOffset",d.length),P._pickingBuffer=I,P.edgeAttributeTexture=new Na(k,P.layout),P.packedAttributeData=new Float32Array(P.layout.floatsPerItem),c.forEach(function(F,M){if(F.lifecycle){var z={gl:k,renderer:{refresh:function(){return W.refresh()}},getUniformLocation:function(q){return k.getUniformLocation(P.normalProgram.program,q)},requestShaderRegeneration:function(){P.needsShaderRegeneration=!0},requestRefresh:function(){W.refresh()}};P.layerLifecycles.set(M,F.lifecycle(z))}}),P.layerLifecycles.forEach(function(F){var M;return(M=F.init)===null||M===void 0?void 0:M.call(F)});var T=new Map;return P.layerLifecycles.forEach(function(F,M){F.getAttributeData&&T.set(d.length+M,F)}),P.attrDescriptors=Wa([].concat(Q(d),Q(c)),P.layout,T),P}return me(N,C),ae(N,[{key:"getAttributeTexture",value:function(){return this.edgeAttributeTexture}},{key:"resolveEdgeIds",value:function(I,W,P){var T=I,F=0,M=v,z=y,D=W?T.selfLoopPath:P&&T.parallelPath?T.parallelPath:T.path;D&&p[D]!==void 0&&(F=p[D]),T.head&&T.head!=="none"&&m[T.head]!==void 0&&(M=m[T.head]),T.tail&&T.tail!=="none"&&m[T.tail]!==void 0&&(z=m[T.tail]);var q=g[M],j=g[z];return{pathId:F,headId:M,tailId:z,headLengthRatio:at(q.length)?0:q.length,tailLengthRatio:at(j.length)?0:j.length}}},{key:"getDefinition",value:function(){var I=WebGL2RenderingContext,W=I.TRIANGLE_STRIP,P=W,T=b;return{VERTICES:T.verticesPerEdge,VERTEX_SHADER_SOURCE:T.vertexShader,FRAGMENT_SHADER_SOURCE:T.fragmentShader,METHOD:P,UNIFORMS:T.uniforms,ATTRIBUTES:T.attributes,CONSTANT_ATTRIBUTES:T.constantAttributes,CONSTANT_DATA:T.constantData}}},{key:"maybeRegenerateShaders",value:function(){var I=this;if(this.needsShaderRegeneration){this.needsShaderRegeneration=!1;var W=c.map(function(q,j){var Z=I.layerLifecycles.get(j);return Z!=null&&Z.regenerate?Z.regenerate():q});b=Io({paths:d,extremities:g,layers:W,antialias:this.renderer.getSetting("antialiasEdges")});var P=this.normalProgram.gl,T=this.normalProgram,F=T.program,M=T.buffer,z=T.vertexShader,D=T.fragmentShader;P.deleteProgram(F),P.deleteBuffer(M),P.deleteShader(z),P.deleteShader(D),this.normalProgram=this.getProgramInfo("normal",P,b.vertexShader,b.fragmentShader,this._pickingBuffer)}}},{key:"process",value:function(I,W,P,T,F,M){var z=W*this.STRIDE;if(F.visibility==="hidden"||P.visibility==="hidden"||T.visibility==="hidden"){for(var D=z+this.STRIDE;z<D;z++)this.floats[z]=0;this.floats[W*this.STRIDE]=Ho;return}this.processVisibleItem(on(I),z,P,T,F,M)}},{key:"processVisibleItem",value:function(I,W,P,T,F,M){var z,D=this.floats,q=this.ints;D[W++]=M,D[W++]=je(F.color),q[W++]=I,D[W++]=(z=F.opacity)!==null&&z!==void 0?z:1;var j=this.packedAttributeData;Oa(this.attrDescriptors,F,j,F.color,this.layerLifecycles,this.lifecycleIndexOffset),this.edgeAttributeTexture.updateAllAttributesAtRow(M,j)}},{key:"setUniforms",value:function(I,W){var P=this,T=W.gl,F=W.uniformLocations;F.u_matrix&&T.uniformMatrix3fv(F.u_matrix,!1,I.matrix),F.u_sizeRatio&&T.uniform1f(F.u_sizeRatio,I.sizeRatio),F.u_correctionRatio&&T.uniform1f(F.u_correctionRatio,I.correctionRatio),F.u_zoomRatio&&T.uniform1f(F.u_zoomRatio,I.zoomRatio),F.u_pixelRatio&&T.uniform1f(F.u_pixelRatio,I.pixelRatio),F.u_cameraAngle&&T.uniform1f(F.u_cameraAngle,I.cameraAngle),F.u_feather&&T.uniform1f(F.u_feather,I.antiAliasingFeather),F.u_minEdgeThickness&&T.uniform1f(F.u_minEdgeThickness,I.minEdgeThickness),F.u_pickingPadding&&T.uniform1f(F.u_pickingPadding,I.edgePickingPadding),F.u_nodeDataTexture&&T.uniform1i(F.u_nodeDataTexture,I.nodeDataTextureUnit),F.u_nodeDataTextureWidth&&T.uniform1i(F.u_nodeDataTextureWidth,I.nodeDataTextureWidth),F.u_edgeDataTexture&&T.uniform1i(F.u_edgeDataTexture,I.edgeDataTextureUnit),F.u_edgeDataTextureWidth&&T.uniform1i(F.u_edgeDataTextureWidth,I.edgeDataTextureWidth),F.u_edgeFrameTexture&&T.uniform1i(F.u_edgeFrameTexture,I.edgeFrameTextureUnit),F.u_edgeFrameTextureWidth&&T.uniform1i(F.u_edgeFrameTextureWidth,I.edgeFrameTextureWidth),this.edgeAttributeTexture&&this.layout.floatsPerItem>0&&(this.edgeAttributeTexture.bind(Et),F.u_edgeAttributeTexture&&T.uniform1i(F.u_edgeAttributeTexture,Et),F.u_edgeAttributeTextureWidth&&T.uniform1i(F.u_edgeAttributeTextureWidth,this.edgeAttributeTexture.getTextureWidth()),F.u_edgeAttributeTexelsPerEdge&&T.uniform1i(F.u_edgeAttributeTexelsPerEdge,this.edgeAttributeTexture.getTexelsPerItem()));var M=new Set;d.forEach(function(z){z.uniforms.forEach(function(D){M.has(D.name)||(M.add(D.name),P.setTypedUniform(D,W))})}),g.forEach(function(z){z.uniforms.forEach(function(D){M.has(D.name)||(M.add(D.name),P.setTypedUniform(D,W))})}),c.forEach(function(z){z.uniforms.forEach(function(D){M.has(D.name)||(M.add(D.name),P.setTypedUniform(D,W))})})}},{key:"render",value:function(I,W,P){this.maybeRegenerateShaders(),Ae(N,"render",this,3)([I,W,P])}},{key:"renderProgram",value:function(I,W){this.layerLifecycles.forEach(function(P){var T;return(T=P.beforeRender)===null||T===void 0?void 0:T.call(P)}),Ae(N,"renderProgram",this,3)([I,W])}},{key:"uploadAttributeTexture",value:function(){this.edgeAttributeTexture&&this.layout.floatsPerItem>0&&this.edgeAttributeTexture.upload()}},{key:"kill",value:function(){this.layerLifecycles.forEach(function(I){var W;return(W=I.kill)===null||W===void 0?void 0:W.call(I)}),this.edgeAttributeTexture&&(this.edgeAttributeTexture.kill(),this.edgeAttributeTexture=null),Ae(N,"kill",this,3)([])}}])})(Bt),E=g[v],w=g[y],A=$({paths:d,headLengthRatio:at(E.length)?0:E.length,tailLengthRatio:at(w.length)?0:w.length},t.label),S=ts(A),L=function(){return{labelProgram:bh(a,null,e,A),labelBackgroundProgram:dh(a,n,e,{shaderConfig:S})}},G=new th(a,{paths:d,extremities:g,layers:c,nodeShapes:i,nodeLayers:o});return{edgeProgram:new _(a,null,e),createLabelPrograms:L,framePass:G}}function xh(a){return ie(a)==="object"&&"uniforms"in a&&Array.isArray(a.uniforms)}function Th(a){return ie(a)==="object"&&"uniforms"in a&&"attributes"in a&&"glsl"in a}function Eh(a){return ie(a)==="object"&&"uniforms"in a&&"attributes"in a&&"segments"in a}function Sh(a){return ie(a)==="object"&&"uniforms"in a&&"attributes"in a&&"length"in a}function wh(a){return ie(a)==="object"&&"uniforms"in a&&"attributes"in a&&"glsl"in a}function Ah(a){return ie(a)==="object"&&"glsl"in a&&"name"in a&&!("uniforms"in a)}function Rh(a){return ie(a)==="object"&&"glsl"in a&&"name"in a&&!("uniforms"in a)}function Dh(a){return ie(a)==="object"&&"glsl"in a&&"name"in a&&!("uniforms"in a)}function Lh(a){if(xh(a))return a;if(Ah(a))return{name:a.name,glsl:a.glsl,inradiusFactor:a.inradiusFactor,uniforms:[]};throw new Error("Invalid node shape specification: ".concat(JSON.stringify(a)))}function Ch(a){if(Th(a))return a;if(_r(a))return{name:a.name,glsl:a.glsl,uniforms:[],attributes:[]};throw new Error("Invalid node layer specification: ".concat(JSON.stringify(a)))}function kh(a){if(Eh(a))return a;if(Rh(a))return{name:a.name,glsl:a.glsl,segments:a.segments,uniforms:[],attributes:[]};throw new Error("Invalid edge path specification: ".concat(JSON.stringify(a)))}function Ph(a){if(wh(a))return a;if(xr(a))return{name:a.name,glsl:a.glsl,uniforms:[],attributes:[]};throw new Error("Invalid edge layer specification: ".concat(JSON.stringify(a)))}function Ih(a){if(Sh(a))return a;if(Dh(a))return{name:a.name,glsl:a.glsl,length:a.length,widthFactor:a.widthFactor,margin:0,uniforms:[],attributes:[]};throw new Error("Invalid edge extremity specification: ".concat(JSON.stringify(a)))}function as(a){var n,e,t=(n=a?.shapes)!==null&&n!==void 0?n:sn.shapes,r=(e=a?.layers)!==null&&e!==void 0?e:sn.layers,i=t.map(Lh),o=r.map(Ch);if(i.length===0)throw new Error("At least one node shape must be specified.");if(o.length===0)throw new Error("At least one node layer must be specified.");return{shapes:i,layers:o}}function Fh(a){var n,e,t,r=(n=a?.paths)!==null&&n!==void 0?n:zt.paths,i=(e=a?.extremities)!==null&&e!==void 0?e:zt.extremities,o=(t=a?.layers)!==null&&t!==void 0?t:zt.layers,s=r.map(kh),l=i.map(Ih).filter(function(d){return d!==null}),u=o.map(Ph);if(s.length===0)throw new Error("At least one edge path must be specified.");if(u.length===0)throw new Error("At least one edge layer must be specified.");return{paths:s,extremities:l,layers:u}}function rs(a,n){var e={},t=B(a),r;try{for(t.s();!(r=t.n()).done;){var i=r.value;i.variables&&Object.assign(e,i.variables)}}catch(o){t.e(o)}finally{t.f()}return Object.assign(e,n||{}),e}function is(a,n,e,t,r){var i=as(t),o=i.shapes,s=i.layers,l=rs(o,t?.variables),u=Xo(a,n,e,{shapes:o,layers:s,label:t?.label,backdrop:t?.backdrop,labelAttachments:t?.labelAttachments},r);return $($({},u),{},{variables:l})}function os(a,n,e,t,r,i){var o=Fh(t),s=o.paths,l=o.extremities,u=o.layers,d=as(i),c=d.shapes,h=d.layers,f=rs(s,t?.variables),g=ns(a,n,e,{paths:s,extremities:l,layers:u,defaultHead:t?.defaultHead,defaultTail:t?.defaultTail,label:t?.label},r,c,h);return $($({},g),{},{variables:f,paths:s})}var Gh=2;function ss(a,n,e){var t=arguments.length>3&&arguments[3]!==void 0?arguments[3]:Gh,r=n.canvas,i=r.width,o=r.height,s=e.x,l=e.y,u=e.rowHeight,d=e.maxRowWidth,c={},h=[],f=B(a),g;try{for(f.s();!(g=f.n()).done;){var p=g.value,m=p.width+t,v=p.height+t;if(m>i||v>o||s+m>i&&l+u+v>o){h.push(p);continue}s+m>i&&(d=Math.max(d,s),s=0,l+=u,u=v),p.draw(n,s,l),c[p.key]={x:s,y:l,width:p.width,height:p.height},s+=m,u=Math.max(u,v)}}catch(y){f.e(y)}finally{f.f()}return d=Math.max(d,s),{atlas:c,cursor:{x:s,y:l,rowHeight:u,maxRowWidth:d},remaining:h}}function We(a,n,e,t){var r=Object.defineProperty;try{r({},"",{})}catch{r=0}We=function(i,o,s,l){function u(d,c){We(i,d,function(h){return this._invoke(d,c,h)})}o?r?r(i,o,{value:s,enumerable:!l,configurable:!l,writable:!l}):i[o]=s:(u("next",0),u("throw",1),u("return",2))},We(a,n,e,t)}function Oe(){var a,n,e=typeof Symbol=="function"?Symbol:{},t=e.iterator||"@@iterator",r=e.toStringTag||"@@toStringTag";function i(f,g,p,m){var v=g&&g.prototype instanceof s?g:s,y=Object.create(v.prototype);return We(y,"_invoke",(function(b,x,_){var E,w,A,S=0,L=_||[],G=!1,C={p:0,n:0,v:a,a:N,f:N.bind(a,4),d:function(k,I){return E=k,w=0,A=a,C.n=I,o}};function N(k,I){for(w=k,A=I,n=0;!G&&S&&!W&&n<L.length;n++){var W,P=L[n],T=C.p,F=P[2];k>3?(W=F===I)&&(A=P[(w=P[4])?5:(w=3,3)],P[4]=P[5]=a):P[0]<=T&&((W=k<2&&T<P[1])?(w=0,C.v=I,C.n=P[1]):T<F&&(W=k<3||P[0]>I||I>F)&&(P[4]=k,P[5]=I,C.n=F,w=0))}if(W||k>1)return o;throw G=!0,I}return function(k,I,W){if(S>1)throw TypeError("Generator is already running");for(G&&I===1&&N(I,W),w=I,A=W;(n=w<2?a:A)||!G;){E||(w?w<3?(w>1&&(C.n=-1),N(w,A)):C.n=A:C.v=A);try{if(S=2,E){if(w||(k="next"),n=E[k]){if(!(n=n.call(E,A)))throw TypeError("iterator result is not an object");if(!n.done)return n;A=n.value,w<2&&(w=0)}else w===1&&(n=E.return)&&n.call(E),w<2&&(A=TypeError("The iterator does not provide a '"+k+"' method"),w=1);E=a}else if((n=(G=C.n<0)?A:b.call(x,C))!==o)break}catch(P){E=a,w=1,A=P}finally{S=1}}return{value:n,done:G}}})(f,p,m),!0),y}var o={};function s(){}function l(){}function u(){}n=Object.getPrototypeOf;var d=[][t]?n(n([][t]())):(We(n={},t,function(){return this}),n),c=u.prototype=s.prototype=Object.create(d);function h(f){return Object.setPrototypeOf?Object.setPrototypeOf(f,u):(f.__proto__=u,We(f,r,"GeneratorFunction")),f.prototype=Object.create(c),f}return l.prototype=u,We(c,"constructor",u),We(u,"constructor",l),l.displayName="GeneratorFunction",We(u,r,"GeneratorFunction"),We(c),We(c,r,"Generator"),We(c,t,function(){return this}),We(c,"toString",function(){return"[object Generator]"}),(Oe=function(){return{w:i,m:h}})()}function ls(a,n,e,t,r,i,o){try{var s=a[i](o),l=s.value}catch(u){return void e(u)}s.done?n(l):Promise.resolve(l).then(t,r)}function yn(a){return function(){var n=this,e=arguments;return new Promise(function(t,r){var i=a.apply(n,e);function o(l){ls(i,t,r,o,s,"next",l)}function s(l){ls(i,t,r,o,s,"throw",l)}o(void 0)})}}var Ba=new Map,us=!1;function zh(a){return new Promise(function(n,e){var t=new FileReader;t.onload=function(){return n(t.result)},t.onerror=e,t.readAsDataURL(a)})}function Nh(a){if(!Ba.has(a)){var n=fetch(a).then(function(e){return e.blob()}).then(zh).catch(function(){return Ba.delete(a),null});Ba.set(a,n)}return Ba.get(a)}function Wh(a){return qr.apply(this,arguments)}function qr(){return qr=yn(Oe().m(function a(n){var e,t,r;return Oe().w(function(i){for(;;)switch(i.n){case 0:return e=document.createElement("div"),e.innerHTML=n,t=Array.from(e.querySelectorAll("img[src]")),r=t.filter(function(o){return!o.getAttribute("src").startsWith("data:")}),i.n=1,Promise.all(r.map((function(){var o=yn(Oe().m(function s(l){var u;return Oe().w(function(d){for(;;)switch(d.n){case 0:return d.n=1,Nh(l.getAttribute("src"));case 1:u=d.v,u&&l.setAttribute("src",u);case 2:return d.a(2)}},s)}));return function(s){return o.apply(this,arguments)}})()));case 1:return i.a(2,e.innerHTML)}},a)})),qr.apply(this,arguments)}function ds(a){return Xr.apply(this,arguments)}function Xr(){return Xr=yn(Oe().m(function a(n){var e,t,r,i,o,s,l,u,d,c,h,f,g,p=arguments;return Oe().w(function(m){for(;;)switch(m.n){case 0:if(e=p.length>1&&p[1]!==void 0?p[1]:1,t=n instanceof SVGElement?new XMLSerializer().serializeToString(n):n,r=new DOMParser,i=r.parseFromString(t,"image/svg+xml"),o=i.querySelector("svg"),o){m.n=1;break}return m.a(2,null);case 1:if(s=parseFloat(o.getAttribute("width")||""),l=parseFloat(o.getAttribute("height")||""),(!(s>0)||!(l>0))&&(u=o.getAttribute("viewBox"),u&&(d=u.trim().split(/[\s,]+/),s=parseFloat(d[2]),l=parseFloat(d[3]))),!(!(s>0)||!(l>0))){m.n=2;break}return console.warn("Sigma: SVG label attachment has no parseable dimensions \u2014 skipped."),m.a(2,null);case 2:return c=Math.ceil(s*e),h=Math.ceil(l*e),f=new Blob([t],{type:"image/svg+xml"}),g=URL.createObjectURL(f),m.a(2,new Promise(function(v){var y=new Image;y.onload=function(){var b=document.createElement("canvas");b.width=c,b.height=h,b.getContext("2d").drawImage(y,0,0,c,h),URL.revokeObjectURL(g);try{b.getContext("2d").getImageData(0,0,1,1)}catch(x){if(x instanceof DOMException&&x.name==="SecurityError"){us||(us=!0,console.warn('Sigma: A label attachment was skipped because the rendered canvas is tainted. SVG with <foreignObject> (used by the "html" attachment type) is blocked in Chromium and Safari. Use type: "canvas" with Canvas 2D rendering instead.')),v(null);return}throw x}v(b)},y.onerror=function(){URL.revokeObjectURL(g),v(null)},y.src=g}))}},a)})),Xr.apply(this,arguments)}function Oh(a,n){var e=document.createElement("div");e.style.cssText="position:fixed;left:-99999px;top:0;visibility:hidden;width:max-content;height:max-content",e.innerHTML=(n?"<style>".concat(n,"</style>"):"")+a,document.body.appendChild(e);var t=e.getBoundingClientRect(),r=t.width,i=t.height;return document.body.removeChild(e),{width:Math.ceil(r),height:Math.ceil(i)}}function Mh(a,n,e,t){return Yr.apply(this,arguments)}function Yr(){return Yr=yn(Oe().m(function a(n,e,t,r){var i,o,s,l,u,d,c,h,f=arguments;return Oe().w(function(g){for(;;)switch(g.n){case 0:return i=f.length>4&&f[4]!==void 0?f[4]:1,o=n instanceof HTMLElement?n.outerHTML:n,g.n=1,Wh(o);case 1:return s=g.v,(t==null||r==null)&&(l=Oh(s,e),t=t??l.width,r=r??l.height),u=Math.ceil(t*i),d=Math.ceil(r*i),c=e?"<style>".concat(e,"</style>"):"",h='<svg xmlns="http://www.w3.org/2000/svg" '+'width="'.concat(u,'" height="').concat(d,'" viewBox="0 0 ').concat(t," ").concat(r,'">')+'<foreignObject width="'.concat(t,'" height="').concat(r,'">')+'<body xmlns="http://www.w3.org/1999/xhtml" style="margin:0;padding:0">'.concat(c).concat(s,"</body>")+"</foreignObject></svg>",g.a(2,ds(h,1))}},a)})),Yr.apply(this,arguments)}function Bh(a){return Kr.apply(this,arguments)}function Kr(){return Kr=yn(Oe().m(function a(n){var e,t=arguments,r;return Oe().w(function(i){for(;;)switch(i.n){case 0:e=t.length>1&&t[1]!==void 0?t[1]:1,r=n.type,i.n=r==="canvas"?1:r==="svg"?2:r==="html"?3:4;break;case 1:return i.a(2,n.canvas);case 2:return i.a(2,ds(n.svg,e));case 3:return i.a(2,Mh(n.html,n.css,n.width,n.height,e));case 4:return i.a(2)}},a)})),Kr.apply(this,arguments)}var mn=2048,cs=(function(){function a(n,e,t){ne(this,a),R(this,"cache",new Map),R(this,"pending",new Set),R(this,"atlas",{}),R(this,"glTexture",null),R(this,"dirty",!0),this.gl=n,this.renderers=e,this.scheduleRender=t,this.packCanvas=document.createElement("canvas"),this.packCanvas.width=mn,this.packCanvas.height=mn,this.packCtx=this.packCanvas.getContext("2d")}return ae(a,[{key:"renderAttachment",value:function(e,t,r){var i=this,o="".concat(e,":").concat(t);if(!(this.cache.has(o)||this.pending.has(o))){var s=this.renderers[t];if(s){var l=s(r);if(l){this.pending.add(o);var u=r.pixelRatio;Promise.resolve(l).then((function(){var d=yn(Oe().m(function c(h){var f;return Oe().w(function(g){for(;;)switch(g.n){case 0:if(i.pending.has(o)){g.n=1;break}return g.a(2);case 1:if(i.pending.delete(o),h){g.n=2;break}return g.a(2);case 2:return g.n=3,Bh(h,u);case 3:if(f=g.v,!(!f||f.width===0||f.height===0)){g.n=4;break}return g.a(2);case 4:i.cache.set(o,{image:f,width:f.width,height:f.height}),i.dirty=!0,i.scheduleRender();case 5:return g.a(2)}},c)}));return function(c){return d.apply(this,arguments)}})())}}}}},{key:"regenerateAtlas",value:function(){if(this.dirty){this.dirty=!1;var e=[];if(this.cache.forEach(function(u,d){e.push({key:d,width:u.width,height:u.height,draw:function(h,f,g){h.drawImage(u.image,f,g)}})}),e.length===0){this.atlas={},this.deleteGLTexture();return}var t={x:0,y:0,rowHeight:0,maxRowWidth:0};this.packCtx.clearRect(0,0,mn,mn);var r=ss(e,this.packCtx,t),i=r.atlas,o=r.remaining;this.atlas=i,o.length>0&&console.warn("Sigma: ".concat(o.length," label attachment(s) could not fit in the ").concat(mn,"x").concat(mn," atlas and will not be rendered.")),this.deleteGLTexture();var s=this.gl,l=s.createTexture();s.activeTexture(s.TEXTURE0+On),s.bindTexture(s.TEXTURE_2D,l),s.pixelStorei(s.UNPACK_PREMULTIPLY_ALPHA_WEBGL,!0),s.texImage2D(s.TEXTURE_2D,0,s.RGBA,s.RGBA,s.UNSIGNED_BYTE,this.packCanvas),s.pixelStorei(s.UNPACK_PREMULTIPLY_ALPHA_WEBGL,!1),s.texParameteri(s.TEXTURE_2D,s.TEXTURE_MIN_FILTER,s.LINEAR),s.texParameteri(s.TEXTURE_2D,s.TEXTURE_MAG_FILTER,s.LINEAR),s.texParameteri(s.TEXTURE_2D,s.TEXTURE_WRAP_S,s.CLAMP_TO_EDGE),s.texParameteri(s.TEXTURE_2D,s.TEXTURE_WRAP_T,s.CLAMP_TO_EDGE),this.glTexture=l}}},{key:"bindTexture",value:function(e){if(this.glTexture){var t=this.gl;t.activeTexture(t.TEXTURE0+e),t.bindTexture(t.TEXTURE_2D,this.glTexture)}}},{key:"getEntry",value:function(e,t){var r="".concat(e,":").concat(t);return this.atlas[r]||null}},{key:"invalidateNode",value:function(e){var t="".concat(e,":"),r=B(this.cache.keys()),i;try{for(r.s();!(i=r.n()).done;){var o=i.value;o.startsWith(t)&&(this.cache.delete(o),this.dirty=!0)}}catch(d){r.e(d)}finally{r.f()}var s=B(this.pending),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;u.startsWith(t)&&this.pending.delete(u)}}catch(d){s.e(d)}finally{s.f()}}},{key:"restore",value:function(){this.glTexture=null,this.dirty=!0}},{key:"clear",value:function(){this.cache.clear(),this.pending.clear(),this.atlas={},this.dirty=!0,this.deleteGLTexture()}},{key:"kill",value:function(){this.clear(),this.packCanvas=null,this.packCtx=null,this.gl=null}},{key:"deleteGLTexture",value:function(){this.glTexture&&(this.gl.deleteTexture(this.glTexture),this.glTexture=null)}}])})(),Zr=(function(){function a(n){ne(this,a),R(this,"buckets",new Map),R(this,"keyDepth",new Map);var e=B(n),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;this.buckets.set(r,new Set)}}catch(i){e.e(i)}finally{e.f()}}return ae(a,[{key:"has",value:function(e){return this.keyDepth.has(e)}},{key:"getBucket",value:function(e){return this.buckets.get(e)}},{key:"set",value:function(e,t){var r,i=this.keyDepth.get(e);if(i!==t){var o=this.buckets.get(t);if(!o)throw new Error('Sigma: "'.concat(t,'" is not a declared depth layer'));i!==void 0&&((r=this.buckets.get(i))===null||r===void 0||r.delete(e)),o.add(e),this.keyDepth.set(e,t)}}},{key:"remove",value:function(e){var t=this.keyDepth.get(e);t!==void 0&&(this.buckets.get(t).delete(e),this.keyDepth.delete(e))}},{key:"clearAll",value:function(){var e=B(this.buckets.values()),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;r.clear()}}catch(i){e.e(i)}finally{e.f()}this.keyDepth.clear()}},{key:"getSorted",value:function(e,t){var r=this.buckets.get(e);return!r||r.size===0?[]:Q(r).sort(function(i,o){return t(i)-t(o)})}}])})(),hs=(function(a){function n(e,t){return ne(this,n),pe(this,n,[e,2,t])}return me(n,a),ae(n,[{key:"updateNode",value:function(t,r,i,o,s,l,u,d){var c=this.indexMap.get(t);if(c===void 0)throw new Error('Node "'.concat(t,'" not allocated in NodeDataTexture'));var h=bt(d),f=oe(h,4),g=f[0],p=f[1],m=f[2],v=f[3],y=c*2*4;this.data[y]=r,this.data[y+1]=i,this.data[y+2]=o,this.data[y+3]=s,this.data[y+4]=l,this.data[y+5]=u,this.data[y+6]=g*65536+p*256+m,this.data[y+7]=v/255,this.markDirty(c)}}])})(za),Uh=1024,Hh=1.5,$h=4096,Qr=(function(){function a(n,e){var t;if(ne(this,a),R(this,"texture",null),R(this,"framebuffer",null),!n.getExtension("EXT_color_buffer_float"))throw new Error("sigma: EXT_color_buffer_float is required for label/edge placement but is unavailable in this WebGL2 context.");this.gl=n,this.channels=e.channels,this.capacity=this.roundUpToPowerOfTwo((t=e.initialCapacity)!==null&&t!==void 0?t:Uh);var r=this.computeDimensions(this.capacity);this.textureWidth=r.width,this.textureHeight=r.height,this.create()}return ae(a,[{key:"roundUpToPowerOfTwo",value:function(e){return Math.pow(2,Math.ceil(Math.log2(Math.max(1,e))))}},{key:"computeDimensions",value:function(e){var t=Math.min(e,$h),r=Math.ceil(e/t);return{width:t,height:r}}},{key:"create",value:function(){var e=this.gl,t=this.channels===1?e.R32F:e.RGBA32F,r=this.channels===1?e.RED:e.RGBA;if(this.texture=e.createTexture(),e.activeTexture(e.TEXTURE0),e.bindTexture(e.TEXTURE_2D,this.texture),e.texImage2D(e.TEXTURE_2D,0,t,this.textureWidth,this.textureHeight,0,r,e.FLOAT,null),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_MIN_FILTER,e.NEAREST),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_MAG_FILTER,e.NEAREST),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_WRAP_S,e.CLAMP_TO_EDGE),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_WRAP_T,e.CLAMP_TO_EDGE),this.framebuffer=e.createFramebuffer(),e.bindFramebuffer(e.FRAMEBUFFER,this.framebuffer),e.framebufferTexture2D(e.FRAMEBUFFER,e.COLOR_ATTACHMENT0,e.TEXTURE_2D,this.texture,0),e.checkFramebufferStatus(e.FRAMEBUFFER)!==e.FRAMEBUFFER_COMPLETE)throw new Error("sigma: float framebuffer for frame-pass placement is incomplete.");e.bindFramebuffer(e.FRAMEBUFFER,null),e.bindTexture(e.TEXTURE_2D,null)}},{key:"ensureCapacity",value:function(e){if(!(e<=this.capacity)){var t=this.gl;this.capacity=this.roundUpToPowerOfTwo(Math.ceil(e*Hh));var r=this.computeDimensions(this.capacity);this.textureWidth=r.width,this.textureHeight=r.height,this.texture&&t.deleteTexture(this.texture),this.framebuffer&&t.deleteFramebuffer(this.framebuffer),this.create()}}},{key:"bindAsRenderTarget",value:function(){var e=this.gl;e.bindFramebuffer(e.FRAMEBUFFER,this.framebuffer),e.viewport(0,0,this.textureWidth,this.textureHeight)}},{key:"bind",value:function(e){var t=this.gl;t.activeTexture(t.TEXTURE0+e),t.bindTexture(t.TEXTURE_2D,this.texture)}},{key:"getTexture",value:function(){return this.texture}},{key:"getTextureWidth",value:function(){return this.textureWidth}},{key:"getTextureHeight",value:function(){return this.textureHeight}},{key:"restore",value:function(){this.gl.getExtension("EXT_color_buffer_float"),this.create()}},{key:"kill",value:function(){var e=this.gl;this.texture&&(e.deleteTexture(this.texture),this.texture=null),this.framebuffer&&(e.deleteFramebuffer(this.framebuffer),this.framebuffer=null)}}])})(),fs=(function(a){function n(e,t){return ne(this,n),pe(this,n,[e,2,t])}return me(n,a),ae(n,[{key:"updateEdge",value:function(t,r,i,o,s,l){var u=arguments.length>6&&arguments[6]!==void 0?arguments[6]:0,d=arguments.length>7&&arguments[7]!==void 0?arguments[7]:0,c=arguments.length>8&&arguments[8]!==void 0?arguments[8]:0,h=this.indexMap.get(t);if(h===void 0)throw new Error('Edge "'.concat(t,'" not allocated in EdgeDataTexture'));var f=h*this.TEXELS_PER_ITEM*4;this.data[f+0]=r,this.data[f+1]=i,this.data[f+2]=o,this.data[f+3]=0,this.data[f+4]=s,this.data[f+5]=l,this.data[f+6]=u,this.data[f+7]=(d&15)<<4|c&15,this.markDirty(h)}}])})(za);var Iv=Qe(Ft()),Fv=Qe(Wt());function Vh(a,n){if(a==null)return{};var e={};for(var t in a)if({}.hasOwnProperty.call(a,t)){if(n.indexOf(t)!==-1)continue;e[t]=a[t]}return e}function gs(a,n){if(a==null)return{};var e,t,r=Vh(a,n);if(Object.getOwnPropertySymbols){var i=Object.getOwnPropertySymbols(a);for(t=0;t<i.length;t++)e=i[t],n.indexOf(e)===-1&&{}.propertyIsEnumerable.call(a,e)&&(r[e]=a[e])}return r}var jh=["factor"],qh=["factor"],vs=1.5,Jr={x:.5,y:.5,angle:0,ratio:1},ps=(function(a){function n(){var e;ne(this,n);for(var t=arguments.length,r=new Array(t),i=0;i<t;i++)r[i]=arguments[i];return e=pe(this,n,[].concat(r)),R(e,"minRatio",null),R(e,"maxRatio",null),R(e,"enabled",!0),R(e,"enabledZooming",!0),R(e,"enabledPanning",!0),R(e,"enabledRotation",!0),R(e,"constrainState",null),R(e,"state",$({},Jr)),R(e,"previousState",$({},Jr)),R(e,"nextFrame",null),R(e,"currentAnimationFrom",null),R(e,"currentAnimationTo",null),R(e,"animationCallback",null),e}return me(n,a),ae(n,[{key:"x",get:function(){return this.state.x}},{key:"y",get:function(){return this.state.y}},{key:"angle",get:function(){return this.state.angle}},{key:"ratio",get:function(){return this.state.ratio}},{key:"getState",value:function(){return $({},this.state)}},{key:"getPreviousState",value:function(){return $({},this.previousState)}},{key:"getBoundedRatio",value:function(t){var r=t;return typeof this.minRatio=="number"&&(r=Math.max(r,this.minRatio)),typeof this.maxRatio=="number"&&(r=Math.min(r,this.maxRatio)),r}},{key:"validateState",value:function(t){var r=this.getState();return this.enabledPanning&&typeof t.x=="number"&&(r.x=t.x),this.enabledPanning&&typeof t.y=="number"&&(r.y=t.y),this.enabledZooming&&typeof t.ratio=="number"&&(r.ratio=this.getBoundedRatio(t.ratio)),this.enabledRotation&&typeof t.angle=="number"&&(r.angle=t.angle),this.constrainState?this.constrainState(r):r}},{key:"isAnimating",value:function(){return this.nextFrame!==null}},{key:"setState",value:function(t){if(!this.enabled)return this;var r=this.validateState(t);return _o(this.state,r)?this:(this.previousState=this.state,this.state=r,this.emit("updated",this.getState()),this)}},{key:"updateState",value:function(t){return this.setState(t(this.getState())),this}},{key:"animate",value:function(t,r){var i=this;return this.enabled?new Promise(function(o){return i.runAnimation(t,$($({},Eo),r),o)}):Promise.resolve()}},{key:"cancelAnimation",value:function(){return this.nextFrame!==null&&(cancelAnimationFrame(this.nextFrame),this.nextFrame=null),this.resolveAnimation(),this.emitAnimationEnd(!1),this}},{key:"zoomIn",value:function(){var t=arguments.length>0&&arguments[0]!==void 0?arguments[0]:{},r=t.factor,i=r===void 0?vs:r,o=gs(t,jh);return this.animate({ratio:this.ratio/i},o)}},{key:"zoomOut",value:function(){var t=arguments.length>0&&arguments[0]!==void 0?arguments[0]:{},r=t.factor,i=r===void 0?vs:r,o=gs(t,qh);return this.animate({ratio:this.ratio*i},o)}},{key:"reset",value:function(t){return this.animate(Jr,t)}},{key:"runAnimation",value:function(t,r,i){var o=this,s=ba(r.easing),l=Date.now(),u=this.getState(),d=this.validateState(t),c=function(){if(!o.enabled){o.cancelAnimation();return}var f=r.duration>0?(Date.now()-l)/r.duration:1;if(f>=1){o.nextFrame=null,o.setState(d),o.resolveAnimation(),o.emitAnimationEnd(!0);return}var g=s(f);o.setState({x:u.x+(d.x-u.x)*g,y:u.y+(d.y-u.y)*g,angle:u.angle+(d.angle-u.angle)*g,ratio:u.ratio+(d.ratio-u.ratio)*g}),o.nextFrame=requestAnimationFrame(c)};this.cancelAnimation(),this.currentAnimationFrom=u,this.currentAnimationTo=d,this.animationCallback=i,this.emit("animationStart",{from:u,to:d}),c()}},{key:"resolveAnimation",value:function(){var t=this.animationCallback;this.animationCallback=null,t&&t()}},{key:"emitAnimationEnd",value:function(t){var r=this.currentAnimationFrom,i=this.currentAnimationTo;!r||!i||(this.currentAnimationFrom=null,this.currentAnimationTo=null,this.emit("animationEnd",{from:r,to:i,completed:t}))}}],[{key:"from",value:function(t){var r=new n;return r.setState(t)}}])})(Ea);function Me(a,n){var e=n.getBoundingClientRect();return{x:a.clientX-e.left,y:a.clientY-e.top}}function it(a,n){var e=$($({},Me(a,n)),{},{sigmaDefaultPrevented:!1,preventSigmaDefault:function(){e.sigmaDefaultPrevented=!0},original:a});return e}function Ut(a){var n="x"in a?a:$($({},a.touches[0]||a.previousTouches[0]),{},{original:a.original,sigmaDefaultPrevented:a.sigmaDefaultPrevented,preventSigmaDefault:function(){a.sigmaDefaultPrevented=!0,n.sigmaDefaultPrevented=!0}});return n}function Xh(a,n){var e=it(a,n);return e.delta=ks(a),e}var Yh=2;function Ha(a){for(var n=[],e=0,t=Math.min(a.length,Yh);e<t;e++)n.push(a[e]);return n}function Bn(a,n,e){var t={touches:Ha(a.touches).map(function(r){return Me(r,e)}),previousTouches:n.map(function(r){return Me(r,e)}),sigmaDefaultPrevented:!1,preventSigmaDefault:function(){t.sigmaDefaultPrevented=!0},original:a};return t}function ks(a){if(typeof a.deltaY<"u")return a.deltaY*-3/360;if(typeof a.detail<"u")return a.detail/-9;throw new Error("Captor: could not extract delta from event.")}var Ps=(function(a){function n(e,t){var r;return ne(this,n),r=pe(this,n),r.container=e,r.renderer=t,r}return me(n,a),ae(n)})(Ea),Kh=["doubleClickTimeout","doubleClickZoomingDuration","doubleClickZoomingRatio","dragTimeout","draggedEventsTolerance","enableCameraMouseRotation","gestureTarget","inertiaDuration","inertiaRatio","zoomDuration","zoomingRatio"],Zh=Kh.reduce(function(a,n){return $($({},a),{},R({},n,Aa[n]))},{});function Un(a){return a instanceof PointerEvent&&a.pointerType==="touch"}var Qh=(function(a){function n(e,t){var r;return ne(this,n),r=pe(this,n,[e,t]),R(r,"enabled",!0),R(r,"draggedEvents",0),R(r,"downStartTime",null),R(r,"lastMouseX",null),R(r,"lastMouseY",null),R(r,"isMouseDown",!1),R(r,"isMoving",!1),R(r,"isPanningStage",!1),R(r,"movingTimeout",null),R(r,"startCameraState",null),R(r,"clicks",0),R(r,"doubleClickTimeout",null),R(r,"isRightMouseDown",!1),R(r,"startRotationAngle",null),R(r,"startCameraAngle",null),R(r,"currentWheelDirection",0),R(r,"lastWheelAnimationId",0),R(r,"settings",Zh),r.handleRightClick=r.handleRightClick.bind(r),r.handleDown=r.handleDown.bind(r),r.handleUp=r.handleUp.bind(r),r.handleMove=r.handleMove.bind(r),r.handleWheel=r.handleWheel.bind(r),r.handleLeave=r.handleLeave.bind(r),r.handleEnter=r.handleEnter.bind(r),e.addEventListener("contextmenu",r.handleRightClick,{capture:!1}),e.addEventListener("pointerdown",r.handleDown,{capture:!1}),e.addEventListener("wheel",r.handleWheel,{capture:!1,passive:!1}),e.addEventListener("pointerleave",r.handleLeave,{capture:!1}),e.addEventListener("pointerenter",r.handleEnter,{capture:!1}),document.addEventListener("pointermove",r.handleMove,{capture:!1}),document.addEventListener("pointerup",r.handleUp,{capture:!1}),r}return me(n,a),ae(n,[{key:"kill",value:function(){var t=this.container;t.removeEventListener("contextmenu",this.handleRightClick),t.removeEventListener("pointerdown",this.handleDown),t.removeEventListener("wheel",this.handleWheel),t.removeEventListener("pointerleave",this.handleLeave),t.removeEventListener("pointerenter",this.handleEnter),document.removeEventListener("pointermove",this.handleMove),document.removeEventListener("pointerup",this.handleUp)}},{key:"handleClick",value:function(t){var r=this;if(this.enabled){if(this.clicks++,this.clicks===2)return this.clicks=0,typeof this.doubleClickTimeout=="number"&&(clearTimeout(this.doubleClickTimeout),this.doubleClickTimeout=null),this.handleDoubleClick(t);setTimeout(function(){r.clicks=0,r.doubleClickTimeout=null},this.settings.doubleClickTimeout),this.draggedEvents<this.settings.draggedEventsTolerance&&this.emit("click",it(t,this.container))}}},{key:"handleRightClick",value:function(t){this.enabled&&(this.settings.enableCameraMouseRotation&&t.preventDefault(),this.emit("rightClick",it(t,this.container)))}},{key:"handleDoubleClick",value:function(t){if(this.enabled){t.preventDefault(),t.stopPropagation();var r=it(t,this.container);if(this.emit("doubleClick",r),!r.sigmaDefaultPrevented){var i=this.renderer.getCamera(),o=i.getBoundedRatio(i.getState().ratio/this.settings.doubleClickZoomingRatio);i.animate(this.renderer.getViewportZoomedState(Me(t,this.container),o),{easing:"quadraticInOut",duration:this.settings.doubleClickZoomingDuration})}}}},{key:"handleDown",value:function(t){if(!(!this.enabled||Un(t))){if(t.button===0){this.startCameraState=this.renderer.getCamera().getState();var r=Me(t,this.container),i=r.x,o=r.y;this.lastMouseX=i,this.lastMouseY=o,this.draggedEvents=0,this.downStartTime=Date.now(),this.isMouseDown=!0}if(t.button===2&&this.settings.enableCameraMouseRotation){var s=Me(t,this.container),l=s.x,u=s.y,d=this.container.offsetWidth/2,c=this.container.offsetHeight/2;this.startRotationAngle=Math.atan2(u-c,l-d),this.startCameraAngle=this.renderer.getCamera().getState().angle,this.isRightMouseDown=!0}this.emit("mousedown",it(t,this.container))}}},{key:"handleUp",value:function(t){var r=this;if(!(!this.enabled||Un(t)||!this.isMouseDown&&!this.isRightMouseDown)){if(this.isRightMouseDown){this.isRightMouseDown=!1,this.startRotationAngle=null,this.startCameraAngle=null,this.emit("mouseup",it(t,this.container));return}var i=this.renderer.getCamera();this.isMouseDown=!1,this.isPanningStage&&(this.isPanningStage=!1,this.renderer._setPanning(!1)),typeof this.movingTimeout=="number"&&(clearTimeout(this.movingTimeout),this.movingTimeout=null);var o=Me(t,this.container),s=o.x,l=o.y,u=i.getState(),d=i.getPreviousState();this.isMoving?i.animate({x:u.x+this.settings.inertiaRatio*(u.x-d.x),y:u.y+this.settings.inertiaRatio*(u.y-d.y)},{duration:this.settings.inertiaDuration,easing:"quadraticOut"}):(this.lastMouseX!==s||this.lastMouseY!==l)&&i.setState({x:u.x,y:u.y}),this.isMoving=!1,setTimeout(function(){var c=r.draggedEvents>0;r.draggedEvents=0;var h=r.renderer.getSetting("hideEdgesOnMove")||r.renderer.getSetting("hideLabelsOnMove");c&&h&&r.renderer.refresh()},0),this.emit("mouseup",it(t,this.container)),(t.target===this.container||t.composedPath()[0]===this.container)&&this.handleClick(t)}}},{key:"handleMove",value:function(t){var r=this;if(!(!this.enabled||Un(t))){var i=it(t,this.container);if(this.emit("mousemovebody",i),(t.target===this.container||t.composedPath()[0]===this.container)&&this.emit("mousemove",i),this.isMouseDown&&this.draggedEvents++,!i.sigmaDefaultPrevented){if(this.isMouseDown){this.isMoving=!0,typeof this.movingTimeout=="number"&&clearTimeout(this.movingTimeout),this.movingTimeout=window.setTimeout(function(){r.movingTimeout=null,r.isMoving=!1},this.settings.dragTimeout);var o=this.renderer.getCamera(),s=Me(t,this.container),l=s.x,u=s.y,d=this.renderer.viewportToFramedGraph({x:this.lastMouseX,y:this.lastMouseY}),c=this.renderer.viewportToFramedGraph({x:l,y:u}),h=d.x-c.x,f=d.y-c.y,g=o.getState(),p=g.x+h,m=g.y+f;this.isPanningStage||(this.isPanningStage=!0,this.renderer._setPanning(!0)),o.setState({x:p,y:m}),this.lastMouseX=l,this.lastMouseY=u,t.preventDefault(),t.stopPropagation()}if(this.isRightMouseDown){var v=Me(t,this.container),y=v.x,b=v.y,x=this.container.offsetWidth/2,_=this.container.offsetHeight/2,E=Math.atan2(b-_,y-x),w=E-this.startRotationAngle,A=this.renderer.getCamera();A.setState({angle:this.startCameraAngle+w}),t.preventDefault(),t.stopPropagation()}}}}},{key:"handleLeave",value:function(t){Un(t)||this.emit("mouseleave",it(t,this.container))}},{key:"handleEnter",value:function(t){Un(t)||this.emit("mouseenter",it(t,this.container))}},{key:"handleWheel",value:function(t){var r=this,i=this.renderer.getCamera();if(!(!this.enabled||!i.enabledZooming)){var o=Xh(t,this.container);if(this.emit("wheel",o),!o.sigmaDefaultPrevented){var s=this.settings.gestureTarget;if(s!=="page"){if(s==="shared"&&!t.ctrlKey&&!t.metaKey){this.renderer._showGestureHint("wheel");return}var l=ks(t);if(l){t.preventDefault(),t.stopPropagation();var u=i.getState().ratio,d=l>0?1/this.settings.zoomingRatio:this.settings.zoomingRatio,c=i.getBoundedRatio(u*d),h=l>0?1:-1,f=Date.now();if(u!==c&&!(this.currentWheelDirection===h&&this.lastWheelTriggerTime&&f-this.lastWheelTriggerTime<this.settings.zoomDuration/5)){var g=++this.lastWheelAnimationId;i.animate(this.renderer.getViewportZoomedState(Me(t,this.container),c),{easing:"quadraticOut",duration:this.settings.zoomDuration}).then(function(){r.lastWheelAnimationId===g&&(r.currentWheelDirection=0)}),this.currentWheelDirection=h,this.lastWheelTriggerTime=f}}}}}}},{key:"setSettings",value:function(t){this.settings=t}}])})(Ps),Jh=["dragTimeout","gestureTarget","inertiaDuration","inertiaRatio","doubleClickTimeout","doubleClickZoomingRatio","doubleClickZoomingDuration","tapMoveTolerance"],ef=Jh.reduce(function(a,n){return $($({},a),{},R({},n,Aa[n]))},{}),tf=(function(a){function n(e,t){var r;return ne(this,n),r=pe(this,n,[e,t]),R(r,"enabled",!0),R(r,"isMoving",!1),R(r,"hasMoved",!1),R(r,"isPanningStage",!1),R(r,"isZoomingStage",!1),R(r,"touchMode",0),R(r,"startTouchesPositions",[]),R(r,"lastTouches",[]),R(r,"lastTap",null),R(r,"settings",ef),r.handleStart=r.handleStart.bind(r),r.handleLeave=r.handleLeave.bind(r),r.handleMove=r.handleMove.bind(r),e.addEventListener("touchstart",r.handleStart,{capture:!1}),e.addEventListener("touchcancel",r.handleLeave,{capture:!1}),document.addEventListener("touchend",r.handleLeave,{capture:!1,passive:!1}),document.addEventListener("touchmove",r.handleMove,{capture:!1,passive:!1}),r}return me(n,a),ae(n,[{key:"kill",value:function(){var t=this.container;t.removeEventListener("touchstart",this.handleStart),t.removeEventListener("touchcancel",this.handleLeave),document.removeEventListener("touchend",this.handleLeave),document.removeEventListener("touchmove",this.handleMove)}},{key:"getDimensions",value:function(){return{width:this.container.offsetWidth,height:this.container.offsetHeight}}},{key:"doesCapture",value:function(t){var r=this.settings.gestureTarget;return r==="graph"?!0:r==="page"?!1:t>=2}},{key:"syncStageFlags",value:function(){var t=this.touchMode===1&&this.hasMoved,r=this.touchMode===2;t!==this.isPanningStage&&(this.isPanningStage=t,this.renderer._setPanning(t)),r!==this.isZoomingStage&&(this.isZoomingStage=r,this.renderer._setZooming(r))}},{key:"handleStart",value:function(t){var r=this;if(this.enabled){var i=Ha(t.touches);if(this.touchMode=i.length,this.startCameraState=this.renderer.getCamera().getState(),this.startTouchesPositions=i.map(function(f){return Me(f,r.container)}),this.touchMode===2){var o=oe(this.startTouchesPositions,2),s=o[0],l=s.x,u=s.y,d=o[1],c=d.x,h=d.y;this.startTouchesAngle=Math.atan2(h-u,c-l),this.startTouchesDistance=Math.sqrt(Math.pow(c-l,2)+Math.pow(h-u,2))}this.syncStageFlags(),this.emit("touchdown",Bn(t,this.lastTouches,this.container)),this.lastTouches=i,this.lastTouchesPositions=this.startTouchesPositions,t.cancelable&&(this.doesCapture(t.touches.length)||this.renderer._hasNodeDrag())&&t.preventDefault()}}},{key:"handleLeave",value:function(t){if(!(!this.enabled||!this.startTouchesPositions.length)){switch(t.cancelable&&this.doesCapture(this.touchMode)&&t.preventDefault(),this.movingTimeout&&(this.isMoving=!1,clearTimeout(this.movingTimeout)),this.touchMode){case 2:if(t.touches.length===1){this.handleStart(t);break}case 1:if(this.isMoving){var r=this.renderer.getCamera(),i=r.getState(),o=r.getPreviousState();r.animate({x:i.x+this.settings.inertiaRatio*(i.x-o.x),y:i.y+this.settings.inertiaRatio*(i.y-o.y)},{duration:this.settings.inertiaDuration,easing:"quadraticOut"})}this.hasMoved=!1,this.isMoving=!1,this.touchMode=0;break}if(this.syncStageFlags(),this.emit("touchup",Bn(t,this.lastTouches,this.container)),!t.touches.length){var s=Me(this.lastTouches[0],this.container),l=this.startTouchesPositions[0],u=Math.pow(s.x-l.x,2)+Math.pow(s.y-l.y,2);if(!t.touches.length&&u<Math.pow(this.settings.tapMoveTolerance,2))if(this.lastTap&&Date.now()-this.lastTap.time<this.settings.doubleClickTimeout){var d=Bn(t,this.lastTouches,this.container);if(this.emit("doubletap",d),this.lastTap=null,!d.sigmaDefaultPrevented&&this.settings.gestureTarget!=="page"){var c=this.renderer.getCamera(),h=c.getBoundedRatio(c.getState().ratio/this.settings.doubleClickZoomingRatio);c.animate(this.renderer.getViewportZoomedState(s,h),{easing:"quadraticInOut",duration:this.settings.doubleClickZoomingDuration})}}else{var f=Bn(t,this.lastTouches,this.container);this.emit("tap",f),this.lastTap={time:Date.now(),position:f.touches[0]||f.previousTouches[0]}}}this.lastTouches=Ha(t.touches),this.startTouchesPositions=[]}}},{key:"handleMove",value:function(t){var r=this;if(!(!this.enabled||!this.startTouchesPositions.length)){var i=this.doesCapture(t.touches.length);i&&t.preventDefault();var o=Ha(t.touches),s=o.map(function(D){return Me(D,r.container)}),l=this.lastTouches;this.lastTouches=o,this.lastTouchesPositions=s;var u=Bn(t,l,this.container);if(this.emit("touchmove",u),!u.sigmaDefaultPrevented&&(this.hasMoved||(this.hasMoved=s.some(function(D,q){var j=r.startTouchesPositions[q];return j&&(D.x!==j.x||D.y!==j.y)})),!!this.hasMoved)){if(!i){this.settings.gestureTarget==="shared"&&this.renderer._showGestureHint("touch");return}this.isMoving=!0,this.syncStageFlags(),this.movingTimeout&&clearTimeout(this.movingTimeout),this.movingTimeout=window.setTimeout(function(){r.isMoving=!1},this.settings.dragTimeout);var d=this.renderer.getCamera(),c=this.startCameraState,h=this.renderer.getSetting("stagePadding");switch(this.touchMode){case 1:{var f=this.renderer.viewportToFramedGraph((this.startTouchesPositions||[])[0]),g=f.x,p=f.y,m=this.renderer.viewportToFramedGraph(s[0]),v=m.x,y=m.y;d.setState({x:c.x+g-v,y:c.y+p-y});break}case 2:{var b={x:.5,y:.5,angle:0,ratio:1},x=s[0],_=x.x,E=x.y,w=s[1],A=w.x,S=w.y,L=Math.atan2(S-E,A-_)-this.startTouchesAngle,G=Math.hypot(S-E,A-_)/this.startTouchesDistance,C=d.getBoundedRatio(c.ratio/G);b.ratio=C,b.angle=c.angle+L;var N=this.getDimensions(),k=this.renderer.viewportToFramedGraph((this.startTouchesPositions||[])[0],{cameraState:c}),I=Math.min(N.width,N.height)-2*h,W=I/N.width,P=I/N.height,T=C/I,F=_-I/2/W,M=E-I/2/P,z=fr({x:F,y:M},b.angle);F=z.x,M=z.y,b.x=k.x-F*T,b.y=k.y+M*T,d.setState(b);break}}}}}},{key:"setSettings",value:function(t){this.settings=t}}])})(Ps),nf=(function(){function a(n,e,t,r){ne(this,a),R(this,"pendingNode",null),R(this,"session",null),this.graph=n,this.viewportToGraph=e,this.setNodesState=t,this.emit=r}return ae(a,[{key:"start",value:function(e,t,r,i,o){var s=r(e),l=!1;if(this.emit("nodeDragStart",{node:e,allDraggedNodes:s,event:t,preventSigmaDefault:function(){l=!0}}),l)return!1;var u=new Map,d=B(s),c;try{for(d.s();!(c=d.n()).done;){var h=c.value;u.set(h,{x:this.graph.getNodeAttribute(h,i),y:this.graph.getNodeAttribute(h,o)})}}catch(f){d.e(f)}finally{d.f()}return this.session={node:e,allNodes:s,startPosition:this.viewportToGraph(t),startNodePositions:u,xAttr:i,yAttr:o},this.setNodesState(s,{isDragged:!0}),!0}},{key:"applyMove",value:function(e,t){var r=this.session,i=r.allNodes,o=r.startNodePositions,s=r.startPosition,l=r.xAttr,u=r.yAttr,d=this.viewportToGraph(e),c={x:d.x-s.x,y:d.y-s.y},h=B(i),f;try{for(h.s();!(f=h.n()).done;){var g=f.value,p=o.get(g);if(!(!p||!this.graph.hasNode(g))){var m={x:p.x+c.x,y:p.y+c.y};t?this.graph.mergeNodeAttributes(g,t(m,g)):(this.graph.setNodeAttribute(g,l,m.x),this.graph.setNodeAttribute(g,u,m.y))}}}catch(v){h.e(v)}finally{h.f()}}},{key:"end",value:function(){if(this.pendingNode=null,!this.session)return null;var e=this.session,t=e.node,r=e.allNodes;return this.setNodesState(r,{isDragged:!1}),this.session=null,{node:t,allNodes:r}}},{key:"removeNode",value:function(e){e===this.pendingNode&&(this.pendingNode=null),this.session&&(this.session.node===e?(this.setNodesState(this.session.allNodes,{isDragged:!1}),this.session=null):this.session.allNodes.includes(e)&&(this.session.allNodes=this.session.allNodes.filter(function(t){return t!==e}),this.session.startNodePositions.delete(e)))}},{key:"clear",value:function(){this.pendingNode=null,this.session=null}}])})();function ms(a,n){return a<n?"".concat(a,"\0").concat(n):"".concat(n,"\0").concat(a)}var af=(function(){function a(n,e){ne(this,a),R(this,"groups",new Map),R(this,"edgeToGroupKey",new Map),this.graph=n,this.onGroupChanged=e}return ae(a,[{key:"getGroupKey",value:function(e){return ms(this.graph.source(e),this.graph.target(e))}},{key:"sortGroup",value:function(e,t){var r=this,i=t.split("\0")[0];e.sort(function(o,s){var l=r.graph.source(o)===i||!r.graph.isDirected(o)?0:1,u=r.graph.source(s)===i||!r.graph.isDirected(s)?0:1;return l-u})}},{key:"register",value:function(e){var t=this.getGroupKey(e),r=this.groups.get(t);r||(r=[],this.groups.set(t,r)),r.includes(e)||r.push(e),this.edgeToGroupKey.set(e,t),r.length>1&&this.sortGroup(r,t),this.onGroupChanged(r,r.length)}},{key:"unregister",value:function(e){var t=this.edgeToGroupKey.get(e);if(t){this.edgeToGroupKey.delete(e);var r=this.groups.get(t);if(r){var i=r.indexOf(e);i!==-1&&r.splice(i,1),r.length===0?this.groups.delete(t):this.onGroupChanged(r,r.length)}}}},{key:"getGroup",value:function(e){var t,r=this.edgeToGroupKey.get(e);return r?(t=this.groups.get(r))!==null&&t!==void 0?t:[]:[]}},{key:"getSiblings",value:function(e){return this.getGroup(e).filter(function(t){return t!==e})}},{key:"rebuild",value:function(){var e=this;this.groups.clear(),this.edgeToGroupKey.clear(),this.graph.forEachEdge(function(l,u,d,c){var h=ms(d,c),f=e.groups.get(h);f||(f=[],e.groups.set(h,f)),f.push(l),e.edgeToGroupKey.set(l,h)});var t=B(this.groups),r;try{for(t.s();!(r=t.n()).done;){var i=oe(r.value,2),o=i[0],s=i[1];s.length>1&&this.sortGroup(s,o),this.onGroupChanged(s,s.length)}}catch(l){t.e(l)}finally{t.f()}}},{key:"clear",value:function(){this.groups.clear(),this.edgeToGroupKey.clear()}}])})();function ys(a,n){var e;if(a===!1||a==="extend"||a==="separate")return a;var t=a[n];return t!==void 0?t:(e=a.default)!==null&&e!==void 0?e:!1}function bs(a){return a===!1?!1:a==="extend"||a==="separate"?!0:Object.values(a).some(function(n){return n==="extend"||n==="separate"})}function _s(a){return a==="separate"?!0:a===!1||a==="extend"?!1:a.default==="separate"?!0:Object.values(a).includes("separate")}var Ie={node:{parent:null,eventSuffix:"Node",payloadKey:"node",isEnabled:function(){return!0},writesPickingThisFrame:function(){return!0},setHover:function(n,e,t){return n.setNodeState(e,{isHovered:t})},getCursor:function(n,e){var t;return(t=n.nodeDataCache[e])===null||t===void 0?void 0:t.cursor},isHitValid:function(n,e){var t;return((t=n.nodeDataCache[e])===null||t===void 0?void 0:t.visibility)!=="hidden"}},edge:{parent:null,eventSuffix:"Edge",payloadKey:"edge",isEnabled:function(n){return!!n.settings.enableEdgeEvents},writesPickingThisFrame:function(n){return!!n.settings.enableEdgeEvents},setHover:function(n,e,t){return n.setEdgeState(e,{isHovered:t})},getCursor:function(n,e){var t;return(t=n.edgeDataCache[e])===null||t===void 0?void 0:t.cursor}},nodeLabel:{parent:"node",eventSuffix:"NodeLabel",payloadKey:"node",isEnabled:function(n){return _s(n.settings.nodeLabelEvents)},writesPickingThisFrame:function(n){return bs(n.settings.nodeLabelEvents)},setHover:function(n,e,t){return n.setNodeState(e,{isLabelHovered:t})},getCursor:function(n,e){var t;return(t=n.nodeDataCache[e])===null||t===void 0?void 0:t.labelCursor},resolveForVerb:function(n,e,t){var r=ys(t.settings.nodeLabelEvents,e);return r===!1?null:r==="extend"?{kind:"node",key:n.key}:n}},edgeLabel:{parent:"edge",eventSuffix:"EdgeLabel",payloadKey:"edge",isEnabled:function(n){return _s(n.settings.edgeLabelEvents)},writesPickingThisFrame:function(n){return bs(n.settings.edgeLabelEvents)},setHover:function(n,e,t){return n.setEdgeState(e,{isLabelHovered:t})},getCursor:function(n,e){var t;return(t=n.edgeDataCache[e])===null||t===void 0?void 0:t.labelCursor},resolveForVerb:function(n,e,t){var r=ys(t.settings.edgeLabelEvents,e);return r===!1?null:r==="extend"?{kind:"edge",key:n.key}:n}}},Vt=["node","edge","nodeLabel","edgeLabel"];function rf(){return{lookup:[null],idsByKind:{node:new Map,edge:new Map,nodeLabel:new Map,edgeLabel:new Map},nextId:1}}function $t(a,n,e){var t;return(t=a.idsByKind[n].get(e))!==null&&t!==void 0?t:0}function ei(a,n){var e=B(Vt),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;if(r===n||Ie[r].parent===n){var i=B(a.idsByKind[r].values()),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;a.lookup[s]=null}}catch(h){i.e(h)}finally{i.f()}a.idsByKind[r]=new Map}}}catch(h){e.e(h)}finally{e.f()}var l=1,u=B(Vt),d;try{for(u.s();!(d=u.n()).done;){var c=d.value;if(c===n)break;l+=a.idsByKind[c].size}}catch(h){u.e(h)}finally{u.f()}a.nextId=l}function xs(a,n,e){var t=a.nextId++;return a.idsByKind[n].set(e,t),a.lookup[t]={kind:n,key:e},t}function of(a,n){var e=B(Vt),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;if(Ie[r].parent!==null){var i=B(a.idsByKind[r].values()),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;a.lookup[s]=null}}catch(_){i.e(_)}finally{i.f()}a.idsByKind[r]=new Map}}}catch(_){e.e(_)}finally{e.f()}a.nextId=1;var l=B(Vt),u;try{for(l.s();!(u=l.n()).done;){var d=u.value;if(Ie[d].parent===null){var c=B(a.idsByKind[d].values()),h;try{for(c.s();!(h=c.n()).done;){var f=h.value;f>=a.nextId&&(a.nextId=f+1)}}catch(_){c.e(_)}finally{c.f()}}}}catch(_){l.e(_)}finally{l.f()}var g=B(Vt),p;try{for(g.s();!(p=g.n()).done;){var m=p.value,v=Ie[m];if(!(v.parent===null||!v.isEnabled(n))){var y=B(a.idsByKind[v.parent].keys()),b;try{for(y.s();!(b=y.n()).done;){var x=b.value;a.idsByKind[m].set(x,a.nextId),a.lookup[a.nextId]={kind:m,key:x},a.nextId++}}catch(_){y.e(_)}finally{y.f()}}}}catch(_){g.e(_)}finally{g.f()}}function sf(a,n){var e=B(Vt),t;try{for(e.s();!(t=e.n()).done;){var r=t.value,i=a[r],o=n[r];if(i!==o){if(i.size!==o.size)return!1;var s=B(i),l;try{for(s.s();!(l=s.n()).done;){var u=oe(l.value,2),d=u[0],c=u[1];if(o.get(d)!==c)return!1}}catch(h){s.e(h)}finally{s.f()}}}}catch(h){e.e(h)}finally{e.f()}return!0}function Ts(a,n,e){Ie[n.kind].setHover(a,n.key,e)}function lf(a,n){return Ie[n.kind].getCursor(a,n.key)}function Hn(a,n){return"".concat(n).concat(Ie[a].eventSuffix)}function $n(a,n){return $($({},n),{},R({},Ie[a.kind].payloadKey,a.key))}function uf(a,n,e){var t=Ie[n.kind].resolveForVerb;return t?t(n,e,a):n}function df(a,n){var e=Ie[n.kind].isHitValid;return e?e(a,n.key):!0}function ti(a){return Vt.filter(function(n){return n===a||Ie[n].parent===a})}function Is(a,n,e){return n&&(n=uf(a,n,e)),n&&!df(a,n)&&(n=null),n}function ni(a,n,e){var t=e==="wheel"?a.stateManager.hovered:a.getHitAtPosition(n);return Is(a,t,e)}function cf(a,n){return!a||!n?a===n:a.kind===n.kind&&a.key===n.key}function Fs(a,n,e){var t={event:e,preventSigmaDefault:function(){return e.preventSigmaDefault()}},r=a.dragManager.session,i=r?{kind:"node",key:r.node}:Is(a,n,"enter"),o=a.stateManager,s=o.hovered;cf(s,i)||(s&&(Ts(a,s,!1),a.emit(Hn(s.kind,"leave"),$n(s,t))),o.setHovered(i),i&&(Ts(a,i,!0),a.emit(Hn(i.kind,"enter"),$n(i,t))),a.updateContainerCursor())}function hf(a,n,e,t){t.handleResize=function(){return a.scheduleRefresh()},window.addEventListener("resize",t.handleResize),t.handleMove=function(i){a.hoverResolver.pointerMoved(Ut(i))},t.handleMoveBody=function(i){var o=Ut(i),s=a.dragManager;if(s.pendingNode&&!s.session){var l=a.nodeStyleAnalysis,u=l.xAttribute,d=l.yAttribute,c=a.settings;s.start(s.pendingNode,o,c.getDraggedNodes,u||"x",d||"y"),s.pendingNode=null}s.session&&(s.applyMove(o,a.settings.dragPositionToAttributes),a.emit("nodeDrag",{node:s.session.node,allDraggedNodes:s.session.allNodes,event:o}),o.preventSigmaDefault()),a.emit("moveBody",{event:o,preventSigmaDefault:function(){return o.preventSigmaDefault()}})},t.handleLeave=function(i){var o=Ut(i),s={event:o,preventSigmaDefault:function(){return o.preventSigmaDefault()}};a.hoverResolver.pointerLeft(),Fs(a,null,o),a.emit("leaveStage",s)},t.handleEnter=function(i){var o=Ut(i);a.emit("enterStage",{event:o,preventSigmaDefault:function(){return o.preventSigmaDefault()}})};var r=function(o){return function(s){var l=Ut(s),u={event:l,preventSigmaDefault:function(){return l.preventSigmaDefault()}},d=ni(a,l,o);if(d){a.emit(Hn(d.kind,o),$n(d,u));return}a.emit("".concat(o,"Stage"),u)}};t.handleClick=r("click"),t.handleRightClick=r("rightClick"),t.handleDoubleClick=r("doubleClick"),t.handleWheel=r("wheel"),t.handleDown=function(i){var o=Ut(i),s={event:o,preventSigmaDefault:function(){return o.preventSigmaDefault()}},l=ni(a,o,"down");if(l){l.kind==="node"&&a.settings.enableNodeDrag&&(a.dragManager.pendingNode=l.key),a.emit(Hn(l.kind,"down"),$n(l,s));return}a.emit("downStage",s)},t.handleUp=function(i){var o=Ut(i),s={event:o,preventSigmaDefault:function(){return o.preventSigmaDefault()}},l=a.dragManager.end();l&&a.emit("nodeDragEnd",$({node:l.node,allDraggedNodes:l.allNodes},s));var u=ni(a,o,"up");if(u){a.emit(Hn(u.kind,"up"),$n(u,s));return}a.emit("upStage",s)},n.on("mousemove",t.handleMove),n.on("mousemovebody",t.handleMoveBody),n.on("click",t.handleClick),n.on("rightClick",t.handleRightClick),n.on("doubleClick",t.handleDoubleClick),n.on("wheel",t.handleWheel),n.on("mousedown",t.handleDown),n.on("mouseup",t.handleUp),n.on("mouseleave",t.handleLeave),n.on("mouseenter",t.handleEnter),e.on("touchdown",t.handleDown),e.on("touchdown",t.handleMove),e.on("touchup",t.handleUp),e.on("touchmove",t.handleMove),e.on("tap",t.handleClick),e.on("doubletap",t.handleDoubleClick),e.on("touchmove",t.handleMoveBody)}function ff(a,n){var e=a.graph,t=new Set(["x","y","zIndex","type"]);n.eachNodeAttributesUpdatedGraphUpdate=function(r){var i,o=(i=r.hints)===null||i===void 0?void 0:i.attributes,s=!o||o.some(function(l){return t.has(l)});a.refresh({partialGraph:{nodes:e.nodes()},skipIndexation:!s,schedule:!0})},n.eachEdgeAttributesUpdatedGraphUpdate=function(r){var i,o=(i=r.hints)===null||i===void 0?void 0:i.attributes,s=o&&["zIndex","type"].some(function(l){return o?.includes(l)});a.refresh({partialGraph:{edges:e.edges()},skipIndexation:!s,schedule:!0})},n.addNodeGraphUpdate=function(r){a.addNode(r.key),a.refresh({partialGraph:{nodes:[r.key]},skipIndexation:!1,schedule:!0})},n.updateNodeGraphUpdate=function(r){a.refresh({partialGraph:{nodes:[r.key]},skipIndexation:!1,schedule:!0})},n.dropNodeGraphUpdate=function(r){a.removeNode(r.key),a.refresh({schedule:!0})},n.addEdgeGraphUpdate=function(r){var i=r.key;a.edgeGroups.register(i),a.addEdge(i);var o=a.edgeGroups.getSiblings(i),s=B(o),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;a.addEdge(u)}}catch(d){s.e(d)}finally{s.f()}a.refresh({partialGraph:{edges:[i].concat(Q(o))},schedule:!0})},n.updateEdgeGraphUpdate=function(r){a.refresh({partialGraph:{edges:[r.key]},skipIndexation:!1,schedule:!0})},n.dropEdgeGraphUpdate=function(r){var i=r.key,o=a.edgeGroups.getSiblings(i);a.edgeGroups.unregister(i),a.removeEdge(i);var s=B(o),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;a.addEdge(u)}}catch(d){s.e(d)}finally{s.f()}a.refresh({schedule:!0})},n.clearEdgesGraphUpdate=function(){a.clearEdgeState(),a.clearEdgeIndices(),a.refresh({schedule:!0})},n.clearGraphUpdate=function(){a.clearEdgeState(),a.clearNodeState(),a.clearEdgeIndices(),a.clearNodeIndices(),a.refresh({schedule:!0})},e.on("nodeAdded",n.addNodeGraphUpdate),e.on("nodeDropped",n.dropNodeGraphUpdate),e.on("nodeAttributesUpdated",n.updateNodeGraphUpdate),e.on("eachNodeAttributesUpdated",n.eachNodeAttributesUpdatedGraphUpdate),e.on("edgeAdded",n.addEdgeGraphUpdate),e.on("edgeDropped",n.dropEdgeGraphUpdate),e.on("edgeAttributesUpdated",n.updateEdgeGraphUpdate),e.on("eachEdgeAttributesUpdated",n.eachEdgeAttributesUpdatedGraphUpdate),e.on("edgesCleared",n.clearEdgesGraphUpdate),e.on("cleared",n.clearGraphUpdate)}function gf(a,n){a.removeListener("nodeAdded",n.addNodeGraphUpdate),a.removeListener("nodeDropped",n.dropNodeGraphUpdate),a.removeListener("nodeAttributesUpdated",n.updateNodeGraphUpdate),a.removeListener("eachNodeAttributesUpdated",n.eachNodeAttributesUpdatedGraphUpdate),a.removeListener("edgeAdded",n.addEdgeGraphUpdate),a.removeListener("edgeDropped",n.dropEdgeGraphUpdate),a.removeListener("edgeAttributesUpdated",n.updateEdgeGraphUpdate),a.removeListener("eachEdgeAttributesUpdated",n.eachEdgeAttributesUpdatedGraphUpdate),a.removeListener("edgesCleared",n.clearEdgesGraphUpdate),a.removeListener("cleared",n.clearGraphUpdate)}var vf={x:.5,y:.5,angle:0,ratio:1},pf=8,mf=.001;function yf(a){var n=a.coords,e=a.nodeData,t=a.dimensions,r=a.stagePadding,i=a.zoomToSizeRatioFunction,o=a.itemSizesReference,s=a.fitLabels,l=a.nodeLabelBox,u=Object.keys(n);if(!u.length)return a.extent;for(var d=i(1)||1,c=o==="positions",h=t.width,f=t.height,g=a.extent,p=0;p<pf;p++){for(var m=wa(g),v={width:g.x[1]-g.x[0]||1,height:g.y[1]-g.y[0]||1},y=yt(vf,t,v,r),b=Es(y,m({x:0,y:0}),h,f),x=Es(y,m({x:1,y:0}),h,f),_=Math.hypot(x.x-b.x,x.y-b.y)||1,E=1/0,w=-1/0,A=1/0,S=-1/0,L=0,G=u.length;L<G;L++){var C=u[L],N=e[C],k=N.size/d*(c?_:1),I=-k,W=k,P=-k,T=k;if(s){var F=l(N,k);F&&(F.minX<I&&(I=F.minX),F.maxX>W&&(W=F.maxX),F.minY<P&&(P=F.minY),F.maxY>T&&(T=F.maxY))}var M=n[C],z=M.x,D=M.y;E=Math.min(E,z+I/_),w=Math.max(w,z+W/_),A=Math.min(A,D-T/_),S=Math.max(S,D-P/_)}var q={x:[E,w],y:[A,S]},j=Math.max(q.x[1]-q.x[0],q.y[1]-q.y[0])||1,Z=Math.max(Math.abs(q.x[0]-g.x[0]),Math.abs(q.x[1]-g.x[1]),Math.abs(q.y[0]-g.y[0]),Math.abs(q.y[1]-g.y[1]));if(g=q,Z/j<mf)break}return g}function Es(a,n,e,t){var r=rn(a,n);return{x:(1+r.x)*e/2,y:(1-r.y)*t/2}}var bf=typeof navigator<"u"&&/Mac|iP(hone|ad|od)/.test(navigator.platform),_f=1500,xf=`.sigma-gesture-hint {
  position: absolute;
  inset: 0;
  display: flex;
  align-items: center;
  justify-content: center;
  text-align: center;
  padding: 1em;
  background: #00000066;
  color: #ffffff;
  font-size: 1em;
  pointer-events: none;
  transition: opacity 0.1s;
}`;function Ss(a){var n,e,t=cn("style");t.textContent=a,document.head.appendChild(t);var r=((n=(e=t.sheet)===null||e===void 0?void 0:e.cssRules.length)!==null&&n!==void 0?n:0)>0;return t.remove(),r}var Ht=null;function Tf(){return Ht===null&&(Ht=xf,Ss("@scope {}")&&(Ht=`@scope {
`.concat(Ht,`
}`)),Ss("@layer sigma-gesture-hint {}")&&(Ht=`@layer sigma-gesture-hint {
`.concat(Ht,`
}`))),Ht}var Ef=(function(){function a(n){ne(this,a),R(this,"hideTimeout",null),this.styleElement=cn("style"),this.styleElement.textContent=Tf(),n.appendChild(this.styleElement),this.element=cn("div",{opacity:"0"},{class:"sigma-gesture-hint"}),n.appendChild(this.element)}return ae(a,[{key:"show",value:function(e,t){var r=this,i=e==="touch"?t.sharedGestureTouchMessage:bf?t.sharedGestureAppleWheelMessage:t.sharedGestureWheelMessage;i&&(this.element.textContent=i,this.element.style.opacity="1",typeof this.hideTimeout=="number"&&clearTimeout(this.hideTimeout),this.hideTimeout=window.setTimeout(function(){r.hideTimeout=null,r.element.style.opacity="0"},_f))}},{key:"kill",value:function(){typeof this.hideTimeout=="number"&&clearTimeout(this.hideTimeout),this.styleElement.remove(),this.element.remove()}}])})(),Sf=(function(){function a(n){ne(this,a),R(this,"readBuffer",null),R(this,"fence",null),R(this,"result",new Uint8Array(4)),R(this,"generation",0),R(this,"readGeneration",0),R(this,"lastEvent",null),R(this,"active",!1),R(this,"dirty",!1),R(this,"rafId",null),R(this,"killed",!1),this.options=n}return ae(a,[{key:"pointerMoved",value:function(e){this.lastEvent=e,this.active=!0,!this.options.isRenderPending()&&this.request()}},{key:"pointerLeft",value:function(){this.active=!1,this.dirty=!1}},{key:"frameRendered",value:function(){this.request()}},{key:"invalidate",value:function(){this.generation++}},{key:"request",value:function(){if(!(this.killed||!this.active||!this.lastEvent)){if(this.fence){this.dirty=!0;return}this.startRead()}}},{key:"startRead",value:function(){var e=this.options,t=e.gl,r=e.getFrameBuffer,i=e.getPixelRatio,o=e.getDownSizingRatio;this.readGeneration=this.generation;var s=this.lastEvent,l=gr(t,s.x,s.y,i(),o()),u=oe(l,2),d=u[0],c=u[1];this.readBuffer||(this.readBuffer=t.createBuffer()),t.bindFramebuffer(t.FRAMEBUFFER,r()),t.bindBuffer(t.PIXEL_PACK_BUFFER,this.readBuffer),t.bufferData(t.PIXEL_PACK_BUFFER,4,t.STREAM_READ),t.readPixels(d,c,1,1,t.RGBA,t.UNSIGNED_BYTE,0),t.bindBuffer(t.PIXEL_PACK_BUFFER,null),t.bindFramebuffer(t.FRAMEBUFFER,null),this.fence=t.fenceSync(t.SYNC_GPU_COMMANDS_COMPLETE,0),t.flush(),this.schedulePoll(s)}},{key:"schedulePoll",value:function(e){var t=this;this.rafId=requestAnimationFrame(function(){t.rafId=null,t.poll(e)})}},{key:"poll",value:function(e){var t=this.options,r=t.gl,i=t.onIndex;if(!(this.killed||!this.fence)){var o=r.clientWaitSync(this.fence,0,0);if(o===r.TIMEOUT_EXPIRED){this.schedulePoll(e);return}if(r.deleteSync(this.fence),this.fence=null,o!==r.WAIT_FAILED&&this.readGeneration===this.generation){r.bindBuffer(r.PIXEL_PACK_BUFFER,this.readBuffer),r.getBufferSubData(r.PIXEL_PACK_BUFFER,0,this.result),r.bindBuffer(r.PIXEL_PACK_BUFFER,null);var s=oe(this.result,4),l=s[0],u=s[1],d=s[2],c=s[3];this.active&&i(vr(l,u,d,c),e)}this.dirty&&(this.dirty=!1,this.active&&this.lastEvent&&!this.options.isRenderPending()&&this.startRead())}}},{key:"reset",value:function(){this.rafId!==null&&cancelAnimationFrame(this.rafId),this.rafId=null,this.fence=null,this.readBuffer=null,this.dirty=!1}},{key:"kill",value:function(){this.killed=!0,this.rafId!==null&&cancelAnimationFrame(this.rafId),this.rafId=null;var e=this.options.gl;this.fence&&e.deleteSync(this.fence),this.fence=null,this.readBuffer&&e.deleteBuffer(this.readBuffer),this.readBuffer=null}}])})(),ws=(function(){function a(n,e){ne(this,a),this.key=n,this.size=e}return ae(a,null,[{key:"compare",value:function(e,t){return e.size>t.size?-1:e.size<t.size||e.key>t.key?1:-1}}])})(),Ua=(function(){function a(){ne(this,a),R(this,"width",0),R(this,"height",0),R(this,"cellSize",0),R(this,"columns",0),R(this,"rows",0),R(this,"cells",{})}return ae(a,[{key:"resizeAndClear",value:function(e,t){this.width=e.width,this.height=e.height,this.cellSize=t,this.columns=Math.ceil(e.width/t),this.rows=Math.ceil(e.height/t),this.cells={}}},{key:"getIndex",value:function(e){var t=Math.floor(e.x/this.cellSize),r=Math.floor(e.y/this.cellSize);return r*this.columns+t}},{key:"add",value:function(e,t,r){var i=new ws(e,t),o=this.getIndex(r),s=this.cells[o];s||(s=[],this.cells[o]=s),s.push(i)}},{key:"organize",value:function(){for(var e in this.cells){var t=this.cells[e];t.sort(ws.compare)}}},{key:"getLabelsToDisplay",value:function(e,t,r){var i=this.cellSize*this.cellSize,o=i/e/e,s=o*t/i,l=Math.ceil(s),u=[];if(r)for(var d=Math.max(0,Math.floor(r.x1/this.cellSize)),c=Math.min(this.columns-1,Math.floor(r.x2/this.cellSize)),h=Math.max(0,Math.floor(r.y1/this.cellSize)),f=Math.min(this.rows-1,Math.floor(r.y2/this.cellSize)),g=h;g<=f;g++)for(var p=d;p<=c;p++){var m=g*this.columns+p,v=this.cells[m];if(v)for(var y=0;y<Math.min(l,v.length);y++)u.push(v[y].key)}else for(var b in this.cells)for(var x=this.cells[b],_=0;_<Math.min(l,x.length);_++)u.push(x[_].key);return u}}])})();function wf(a){var n=a.graph,e=a.hoveredNode,t=a.highlightedNodes,r=a.displayedNodeLabels,i=new Set,o=new Set(t);e&&o.add(e);var s=B(o),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;n.hasNode(u)&&n.forEachEdge(u,function(f){i.add(f)})}}catch(f){s.e(f)}finally{s.f()}var d=B(r),c;try{var h=function(){var g=c.value;if(o.has(g))return 1;n.forEachEdge(g,function(p,m,v,y){var b=v===g?y:v;r.has(b)&&i.add(p)})};for(d.s();!(c=d.n()).done;)h()}catch(f){d.e(f)}finally{d.f()}return Array.from(i)}var bn=150,_n=50,Af={both:0,node:1,label:2},Rf={over:0,above:1,below:2,auto:3},As=12,Df=3,Lf=(function(){function a(n){ne(this,a),R(this,"labelGrid",new Ua),R(this,"edgeAnchorGrid",new Ua),R(this,"displayedNodeLabels",new Set),R(this,"displayedEdgeLabels",new Set),R(this,"edgeLabelCandidates",[]),R(this,"renderedNodeLabels",new Set),R(this,"labelSizeCache",new Map),R(this,"framePassPoints",new Float32Array(0)),R(this,"labelsDirty",!0),this.internals=n}return ae(a,[{key:"resetFrame",value:function(){this.displayedNodeLabels=new Set,this.renderedNodeLabels=new Set,this.labelSizeCache.clear()}},{key:"clearEdgeLabels",value:function(){this.displayedEdgeLabels=new Set}},{key:"resetLabelGrid",value:function(){this.labelGrid=new Ua,this.edgeAnchorGrid=new Ua}},{key:"processWebGLLabels",value:function(e){for(var t,r=this.internals,i=r.labelProgram,o=r.primitives,s=r.nodeDataCache,l=(o==null||(t=o.nodes)===null||t===void 0||(t=t.label)===null||t===void 0||(t=t.font)===null||t===void 0?void 0:t.family)||"sans-serif",u=new Map,d=0,c=e.length;d<c;d++){var h=e[d],f=s[h];if(!(f.visibility==="hidden"||!f.label)){var g=f.labelFont||l,p=u.get(g);p?p.push(f.label):u.set(g,[f.label])}}var m=B(u),v;try{for(m.s();!(v=m.n()).done;){var y=oe(v.value,2),b=y[0],x=y[1],_=Da(b),E=_.family,w=_.weight,A=_.style,S=i.registerFont(E,w,A);i.ensureGlyphsReady(x,S)}}catch(L){m.e(L)}finally{m.f()}}},{key:"measureNodeLabel",value:function(e){var t,r;if(!e.label)return{width:0,height:0,textHeight:0};var i=this.internals,o=i.labelProgram,s=i.primitives,l=(t=e.labelSize)!==null&&t!==void 0?t:14,u=e.labelFont||(s==null||(r=s.nodes)===null||r===void 0||(r=r.label)===null||r===void 0||(r=r.font)===null||r===void 0?void 0:r.family)||"sans-serif",d="".concat(e.label,"|").concat(l,"|").concat(u);if(this.labelSizeCache.has(d))return this.labelSizeCache.get(d);var c=Da(u),h=c.family,f=c.weight,g=c.style,p=o.registerFont(h,f,g),m=o.measureLabel(e.label,l,p);return this.labelSizeCache.set(d,m),m}},{key:"nodeLabelBox",value:function(e,t){var r,i,o,s,l;if(e.visibility==="hidden"||e.labelVisibility==="hidden")return null;var u=this.measureNodeLabel(e),d=u.width,c=u.height,h=u.textHeight;if(!d)return null;var f=(r=(i=this.internals.primitives)===null||i===void 0||(i=i.nodes)===null||i===void 0||(i=i.label)===null||i===void 0?void 0:i.margin)!==null&&r!==void 0?r:gn,g=t+f,p=e.labelBackgroundColor?(o=e.labelBackgroundPadding)!==null&&o!==void 0?o:Ur:0,m=d/2,v=c/2,y=m+p,b=v+p,x=h/2,_=0,E=0;switch((s=e.labelPosition)!==null&&s!==void 0?s:"right"){case"left":_=-(g+m);break;case"above":E=-(g+x);break;case"below":E=g+x;break;case"over":break;default:_=g+m}var w=(l=e.labelAngle)!==null&&l!==void 0?l:0,A=fr({x:_,y:E},w),S=A.x,L=A.y,G=Math.abs(Math.cos(w)),C=Math.abs(Math.sin(w)),N=G*y+C*b,k=C*y+G*b;return{minX:S-N,maxX:S+N,minY:L-k,maxY:L+k}}},{key:"computeDisplayedNodeLabels",value:function(){var e=this.internals.getCameraState(),t=this.internals.getDimensions(),r=t.width,i=t.height,o=this.internals.viewportToFramedGraph({x:-bn,y:-_n}),s=this.internals.viewportToFramedGraph({x:r+bn,y:-_n}),l=this.internals.viewportToFramedGraph({x:-bn,y:i+_n}),u=this.internals.viewportToFramedGraph({x:r+bn,y:i+_n}),d=Math.min(o.x,s.x,l.x,u.x),c=Math.max(o.x,s.x,l.x,u.x),h=Math.min(o.y,s.y,l.y,u.y),f=Math.max(o.y,s.y,l.y,u.y),g=yt({x:.5,y:.5,ratio:1,angle:0},{width:r,height:i},this.internals.getGraphDimensions(),this.internals.getStagePadding()),p=function(F){var M=rn(g,F);return{x:(1+M.x)*r/2,y:(1-M.y)*i/2}},m=p({x:d,y:h}),v=p({x:c,y:h}),y=p({x:d,y:f}),b=p({x:c,y:f}),x={x1:Math.min(m.x,v.x,y.x,b.x),y1:Math.min(m.y,v.y,y.y,b.y),x2:Math.max(m.x,v.x,y.x,b.x),y2:Math.max(m.y,v.y,y.y,b.y)},_=this.internals,E=_.settings,w=_.nodeDataCache,A=_.nodesWithForcedLabels,S=this.labelGrid.getLabelsToDisplay(e.ratio,E.labelDensity,x);Pr(S,A);for(var L=0,G=S.length;L<G;L++){var C=S[L],N=w[C];if(!this.displayedNodeLabels.has(C)&&!(N.visibility==="hidden"||N.labelVisibility==="hidden")&&N.label&&!(N.x<d||N.x>c||N.y<h||N.y>f)){var k=this.internals.framedGraphToViewport(N),I=k.x,W=k.y,P=this.internals.scaleSize(N.size);!xt(N)&&P<E.labelRenderedSizeThreshold||I<-bn-P||I>r+bn+P||W<-_n-P||W>i+_n+P||this.displayedNodeLabels.add(C)}}}},{key:"buildFramePassPoints",value:function(){var e=this.internals,t=e.nodeDataCache,r=e.nodeDataTexture;if(!r)return{data:this.framePassPoints,count:0};var i=this.displayedNodeLabels.size*3;this.framePassPoints.length<i&&(this.framePassPoints=new Float32Array(i));var o=this.framePassPoints,s=0,l=B(this.displayedNodeLabels),u;try{for(l.s();!(u=l.n()).done;){var d,c,h=u.value,f=t[h];if(f){var g=r.getIndex(h);g<0||(o[s*3]=g,o[s*3+1]=(d=fn[f.labelPosition||ft.labelPosition])!==null&&d!==void 0?d:0,o[s*3+2]=(c=f.labelAngle)!==null&&c!==void 0?c:0,s++)}}}catch(p){l.e(p)}finally{l.f()}return{data:o,count:s}}},{key:"renderWebGLLabels",value:function(e,t){var r=this.internals,i=r.nodeDataCache,o=r.labelProgram,s=r.primitives,l=r.nodeDataTexture,u=[],d=B(this.displayedNodeLabels),c;try{for(d.s();!(c=d.n()).done;){var h=c.value;if(!this.renderedNodeLabels.has(h)){var f=i[h];t&&f.labelDepth!==t||(this.renderedNodeLabels.add(h),u.push(h))}}}catch(ce){d.e(ce)}finally{d.f()}if(u.length!==0){if(this.labelsDirty){for(var g,p,m,v=0,y=0,b=u.length;y<b;y++){var x=i[u[y]];v+=x.label.length}o.reallocate(v);for(var _=14,E=(g=s==null||(p=s.nodes)===null||p===void 0||(p=p.label)===null||p===void 0?void 0:p.margin)!==null&&g!==void 0?g:gn,w=ft.labelPosition,A=(s==null||(m=s.nodes)===null||m===void 0||(m=m.label)===null||m===void 0||(m=m.font)===null||m===void 0?void 0:m.family)||"sans-serif",S=new Map,L=0,G=0,C=u.length;G<C;G++){var N,k,I,W,P=u[G],T=i[P],F=T.labelFont||A,M=S.get(F);if(M===void 0){var z=Da(F),D=z.family,q=z.weight,j=z.style;M=o.registerFont(D,q,j),S.set(F,M)}var Z={text:T.label,x:T.x,y:T.y,size:(N=T.labelSize)!==null&&N!==void 0?N:_,color:T.labelColor,nodeSize:T.size,margin:E,position:(k=T.labelPosition)!==null&&k!==void 0?k:w,hidden:!1,forceLabel:xt(T),type:"default",zIndex:(I=T.zIndex)!==null&&I!==void 0?I:0,parentType:"node",parentKey:P,fontKey:M,labelAngle:(W=T.labelAngle)!==null&&W!==void 0?W:0,nodeIndex:l.getIndex(P)},Re=o.processLabel(P,L,Z);L+=Re}o.invalidateBuffers()}o.render(e)}}},{key:"renderBackdrops",value:function(e,t){var r=this.internals,i=r.backdropProgram,o=r.nodeDataCache,s=r.nodesWithBackdrop,l=r.attachmentManager,u=r.pixelRatio,d=r.nodeDataTexture,c=[],h=B(s),f;try{for(h.s();!(f=h.n()).done;){var g,p=f.value,m=o[p];if(!(!m||m.visibility==="hidden")&&!(t&&m.depth!==t)){var v=(g=d?.getIndex(p))!==null&&g!==void 0?g:-1;v<0||c.push({key:p,nodeIndex:v})}}}catch(Y){h.e(Y)}finally{h.f()}if(c.length!==0){i.reallocate(c.length);for(var y=0;y<c.length;y++){var b,x,_,E,w,A,S,L,G=c[y],C=G.key,N=G.nodeIndex,k=o[C],I=this.displayedNodeLabels.has(C),W=I?this.measureNodeLabel(k):{width:0,height:0,textHeight:0},P=W.textHeight,T=W.width,F=W.height,M=0,z=0;if(I&&k.labelAttachment&&l){var D=l.getEntry(C,k.labelAttachment);if(D){var q=k.labelAttachmentPlacement||"below";if(q==="below"||q==="above"){var j=D.height/u;F+=j+St,T=Math.max(T,D.width/u),z=q==="below"?(j+St)/2:-(j+St)/2}else{var Z=D.width/u;T+=Z+St,F=Math.max(F,D.height/u),M=q==="right"?(Z+St)/2:-(Z+St)/2}}}var Re=k.backdropColor?bt(k.backdropColor):[255,255,255,255],ce=k.backdropShadowColor?bt(k.backdropShadowColor):[0,0,0,128],K=Re.map(function(Y){return Y/255}),nt=ce.map(function(Y){return Y/255}),Pe=(b=k.backdropShadowBlur)!==null&&b!==void 0?b:12,Ct=(x=k.backdropPadding)!==null&&x!==void 0?x:6,Ke=k.backdropBorderColor?bt(k.backdropBorderColor):[0,0,0,0],ir=Ke.map(function(Y){return Y/255}),Xt=(_=k.backdropBorderWidth)!==null&&_!==void 0?_:0,ve=(E=k.backdropCornerRadius)!==null&&E!==void 0?E:0,se=(w=k.backdropLabelPadding)!==null&&w!==void 0?w:-1,le=se<0?Ct:se,Ze=(A=Af[(S=k.backdropArea)!==null&&S!==void 0?S:"both"])!==null&&A!==void 0?A:0,te={key:C,nodeIndex:N,label:k.label,labelWidth:T,labelHeight:F,textHeight:P,type:"default",position:k.labelPosition||ft.labelPosition,labelAngle:(L=k.labelAngle)!==null&&L!==void 0?L:0,backdropColor:K,backdropShadowColor:nt,backdropShadowBlur:Pe,backdropPadding:Ct,backdropBorderColor:ir,backdropBorderWidth:Xt,backdropCornerRadius:ve,backdropLabelPadding:le,backdropArea:Ze,labelBoxOffset:[M,z]};i.processBackdrop(y,te)}i.invalidateBuffers(),i.render(e)}}},{key:"renderLabelBackgrounds",value:function(e,t){var r=this.internals,i=r.labelBackgroundProgram,o=r.nodeDataCache,s=r.nodeDataTexture,l=Ie.nodeLabel.writesPickingThisFrame(this.internals),u=[],d=B(this.displayedNodeLabels),c;try{for(d.s();!(c=d.n()).done;){var h=c.value,f=o[h];!f||f.visibility==="hidden"||t&&f.labelDepth!==t||!l&&!f.labelBackgroundColor||u.push(h)}}catch(N){d.e(N)}finally{d.f()}if(u.length!==0){i.reallocate(u.length);for(var g=0;g<u.length;g++){var p,m,v,y,b=u[g],x=o[b],_=(p=s?.getIndex(b))!==null&&p!==void 0?p:-1;if(!(_<0)){var E=this.measureNodeLabel(x),w=E.width,A=E.height,S=E.textHeight,L=$t(this.internals.pickingState,"nodeLabel",b)||$t(this.internals.pickingState,"node",b),G=x.labelBackgroundColor?je(x.labelBackgroundColor):je("transparent"),C={nodeIndex:_,id:on(L),color:G,labelWidth:w,labelHeight:A,textHeight:S,positionMode:(m=fn[x.labelPosition||ft.labelPosition])!==null&&m!==void 0?m:0,labelAngle:(v=x.labelAngle)!==null&&v!==void 0?v:0,padding:(y=x.labelBackgroundPadding)!==null&&y!==void 0?y:Ur};i.processLabelBackground(g,C)}}i.invalidateBuffers(),i.render(e)}}},{key:"cacheAttachments",value:function(e){var t=this.internals,r=t.attachmentManager,i=t.pixelRatio,o=t.nodeDataCache,s=t.nodesWithBackdrop,l=t.graph;if(r){var u=B(s),d;try{for(u.s();!(d=u.n()).done;){var c=d.value;if(this.displayedNodeLabels.has(c)){var h=o[c];if(!(!h||h.visibility==="hidden")&&!(e&&h.depth!==e)&&h.labelAttachment){var f=l.getNodeAttributes(c),g=this.measureNodeLabel(h),p=g.width,m=g.height,v={node:c,attributes:f,pixelRatio:i,labelWidth:p,labelHeight:m};r.renderAttachment(c,h.labelAttachment,v)}}}}catch(y){u.e(y)}finally{u.f()}r.regenerateAtlas()}}},{key:"renderAttachments",value:function(e,t){var r=this.internals,i=r.attachmentManager,o=r.attachmentProgram,s=r.nodeDataCache,l=r.nodesWithBackdrop,u=r.pixelRatio,d=r.nodeDataTexture;if(!(!i||!o)){var c=0;o.reallocateAttachments(l.size);var h=B(l),f;try{for(h.s();!(f=h.n()).done;){var g,p,m,v,y=f.value;if(this.displayedNodeLabels.has(y)){var b=s[y];if(!(!b||b.visibility==="hidden")&&!(t&&b.labelDepth!==t)&&b.labelAttachment){var x=i.getEntry(y,b.labelAttachment);if(x){var _=(g=d?.getIndex(y))!==null&&g!==void 0?g:-1;if(!(_<0)){var E=this.measureNodeLabel(b),w=E.width,A=E.height,S=E.textHeight,L=(p=$o[b.labelAttachmentPlacement||"below"])!==null&&p!==void 0?p:0;o.processAttachment(c,{nodeIndex:_,atlasX:x.x,atlasY:x.y,atlasW:x.width,atlasH:x.height,attachWidth:x.width/u,attachHeight:x.height/u,positionMode:(m=fn[b.labelPosition||ft.labelPosition])!==null&&m!==void 0?m:0,attachmentPlacement:L,labelWidth:w,labelHeight:A,textHeight:S,labelAngle:(v=b.labelAngle)!==null&&v!==void 0?v:0}),c++}}}}}}catch(G){h.e(G)}finally{h.f()}c!==0&&(o.reallocateAttachments(c),i.bindTexture(On),o.invalidateBuffers(),o.render(e))}}},{key:"computeDisplayedEdgeLabels",value:function(){var e=this.internals,t=e.graph,r=e.stateManager,i=e.settings,o=e.edgesWithForcedLabels,s=r.getHighlightedNodes(),l=i.edgeLabelAnchors==="allNodes"?new Set(this.edgeAnchorGrid.getLabelsToDisplay(this.internals.getCameraState().ratio,i.labelDensity)):this.displayedNodeLabels,u=r.hovered,d=wf({graph:t,hoveredNode:u?.kind==="node"?u.key:null,displayedNodeLabels:l,highlightedNodes:s});Pr(d,o),this.edgeLabelCandidates=d,this.displayedEdgeLabels=new Set}},{key:"filterEdgeLabelsForDepth",value:function(e){for(var t=this.internals,r=t.graph,i=t.nodeDataCache,o=t.edgeDataCache,s=[],l=new Set,u=0,d=this.edgeLabelCandidates.length;u<d;u++){var c=this.edgeLabelCandidates[u];if(!l.has(c)){l.add(c);var h=r.extremities(c),f=i[h[0]],g=i[h[1]],p=o[c];!p||!f||!g||p.visibility==="hidden"||p.labelVisibility==="hidden"||f.visibility==="hidden"||g.visibility==="hidden"||e&&p.labelDepth!==e||p.label&&s.push(c)}}return s}},{key:"renderEdgeLabels",value:function(e,t){var r=this.internals,i=r.graph,o=r.nodeDataCache,s=r.edgeDataCache,l=r.primitives,u=r.edgeLabelProgram,d=r.nodeDataTexture,c=r.edgeDataTexture;if(u){var h=this.filterEdgeLabelsForDepth(t),f=B(h),g;try{for(f.s();!(g=f.n()).done;){var p=g.value;this.displayedEdgeLabels.add(p)}}catch(Z){f.e(Z)}finally{f.f()}if(h.length!==0){if(this.labelsDirty){var m,v,y=0,b=B(h),x;try{for(b.s();!(x=b.n()).done;){var _=x.value;y+=s[_].label.length}}catch(Z){b.e(Z)}finally{b.f()}u.reallocate(y);var E=(m=l==null||(v=l.edges)===null||v===void 0||(v=v.label)===null||v===void 0?void 0:v.margin)!==null&&m!==void 0?m:5,w="over",A=0,S=B(h),L;try{for(S.s();!(L=S.n()).done;){var G,C,N=L.value,k=i.extremities(N),I=k[0],W=k[1],P=o[I],T=o[W],F=s[N],M=d.getIndex(I),z=d.getIndex(W),D=c.getIndex(N),q={text:F.label,x:(P.x+T.x)/2,y:(P.y+T.y)/2,size:As,color:F.labelColor,nodeSize:0,nodeIndex:-1,margin:E,position:(G=F.labelPosition)!==null&&G!==void 0?G:w,hidden:!1,forceLabel:xt(F),type:"default",zIndex:(C=F.zIndex)!==null&&C!==void 0?C:0,parentType:"edge",parentKey:N,fontKey:"",labelAngle:0,sourceX:P.x,sourceY:P.y,targetX:T.x,targetY:T.y,sourceSize:P.size,targetSize:T.size,sourceShape:P.shape||"circle",targetShape:T.shape||"circle",edgeSize:F.size,offset:0,edgeAttributes:F,sourceNodeIndex:M,targetNodeIndex:z,edgeIndex:D},j=u.processEdgeLabel(N,A,q);A+=j}}catch(Z){S.e(Z)}finally{S.f()}u.invalidateBuffers()}u.render(e)}}}},{key:"renderEdgeLabelBackgrounds",value:function(e,t){var r,i,o=this.internals,s=o.edgeLabelBackgroundProgram,l=o.edgeLabelProgram,u=o.edgeDataCache,d=o.primitives,c=o.edgeDataTexture;if(!(!c||!l||!s)){var h=Ie.edgeLabel.writesPickingThisFrame(this.internals),f=(r=d==null||(i=d.edges)===null||i===void 0||(i=i.label)===null||i===void 0?void 0:i.margin)!==null&&r!==void 0?r:5,g="over",p=this.filterEdgeLabelsForDepth(t),m=[],v=B(p),y;try{for(v.s();!(y=v.n()).done;){var b=y.value;!h&&!u[b].labelBackgroundColor||m.push(b)}}catch(P){v.e(P)}finally{v.f()}if(m.length!==0){s.reallocate(m.length);for(var x=0;x<m.length;x++){var _,E,w,A=m[x],S=u[A],L=S.label,G=l.measureLabelAtlasWidth(L),C=(_=S.labelPosition)!==null&&_!==void 0?_:g,N=typeof C=="string"&&(E=Rf[C])!==null&&E!==void 0?E:0,k=$t(this.internals.pickingState,"edgeLabel",A)||$t(this.internals.pickingState,"edge",A),I=S.labelBackgroundColor?je(S.labelBackgroundColor):je("transparent"),W={edgeIndex:c.getIndex(A),baseFontSize:As,totalTextWidth:G,positionMode:N,margin:f,padding:(w=S.labelBackgroundPadding)!==null&&w!==void 0?w:Df,color:I,id:on(k),edgeAttributes:S};s.processEdgeLabelBackground(x,A,W)}s.invalidateBuffers(),s.render(e)}}}}])})(),Cf=(function(){function a(n,e,t,r){ne(this,a),R(this,"nodeStates",new Map),R(this,"edgeStates",new Map),R(this,"hovered",null),R(this,"dirtyNodes",new Set),R(this,"dirtyEdges",new Set),R(this,"graphStateChanged",!1),R(this,"graphStateFlagsDirty",!1),this.scheduleRefresh=n,this.customNodeStateDefaults=e,this.customEdgeStateDefaults=t,this.customGraphStateDefaults=r,this.graphState=wr(r)}return ae(a,[{key:"getNodeState",value:function(e){e=""+e;var t=this.nodeStates.get(e);return t||(t=go(this.customNodeStateDefaults),this.nodeStates.set(e,t)),t}},{key:"getEdgeState",value:function(e){e=""+e;var t=this.edgeStates.get(e);return t||(t=vo(this.customEdgeStateDefaults),this.edgeStates.set(e,t)),t}},{key:"getGraphState",value:function(){return this.flushGraphStateFlags(),this.graphState}},{key:"getHighlightedNodes",value:function(){var e=new Set,t=B(this.nodeStates),r;try{for(t.s();!(r=t.n()).done;){var i=oe(r.value,2),o=i[0],s=i[1];s.isHighlighted&&e.add(o)}}catch(l){t.e(l)}finally{t.f()}return e}},{key:"setNodeState",value:function(e,t){e=""+e;var r=this.getNodeState(e);if(dn(r,t)){var i=$($({},r),t);this.nodeStates.set(e,i),this.dirtyNodes.add(e),this.updateHoveredNodeTracking(e,r,i),this.graphStateFlagsDirty=!0,this.scheduleRefresh()}}},{key:"setEdgeState",value:function(e,t){e=""+e;var r=this.getEdgeState(e);if(dn(r,t)){var i=$($({},r),t);this.edgeStates.set(e,i),this.dirtyEdges.add(e),this.updateHoveredEdgeTracking(e,r,i),this.graphStateFlagsDirty=!0,this.scheduleRefresh()}}},{key:"setGraphState",value:function(e){if(dn(this.graphState,e)){var t=$($({},this.graphState),e);t.isIdle=!t.isPanning&&!t.isZooming&&!t.isDragging,this.graphState=t,this.graphStateChanged=!0,this.scheduleRefresh()}}},{key:"setNodesState",value:function(e,t){var r=!1,i=B(e),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;s=""+s;var l=this.getNodeState(s);if(dn(l,t)){var u=$($({},l),t);this.nodeStates.set(s,u),this.dirtyNodes.add(s),this.updateHoveredNodeTracking(s,l,u),r=!0}}}catch(d){i.e(d)}finally{i.f()}r&&(this.graphStateFlagsDirty=!0,this.scheduleRefresh())}},{key:"setEdgesState",value:function(e,t){var r=!1,i=B(e),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;s=""+s;var l=this.getEdgeState(s);if(dn(l,t)){var u=$($({},l),t);this.edgeStates.set(s,u),this.dirtyEdges.add(s),this.updateHoveredEdgeTracking(s,l,u),r=!0}}}catch(d){i.e(d)}finally{i.f()}r&&(this.graphStateFlagsDirty=!0,this.scheduleRefresh())}},{key:"removeNode",value:function(e){this.nodeStates.delete(e),this.dirtyNodes.delete(e),this.clearHoveredFor("node",e)}},{key:"removeEdge",value:function(e){this.edgeStates.delete(e),this.dirtyEdges.delete(e),this.clearHoveredFor("edge",e)}},{key:"pruneNodes",value:function(e){var t=B(this.nodeStates.keys()),r;try{for(t.s();!(r=t.n()).done;){var i=r.value;e(i)||this.removeNode(i)}}catch(o){t.e(o)}finally{t.f()}}},{key:"pruneEdges",value:function(e){var t=B(this.edgeStates.keys()),r;try{for(t.s();!(r=t.n()).done;){var i=r.value;e(i)||this.removeEdge(i)}}catch(o){t.e(o)}finally{t.f()}}},{key:"clearNodes",value:function(){this.nodeStates.clear(),this.dirtyNodes.clear(),this.clearHoveredForKinds(ti("node"))}},{key:"clearEdges",value:function(){this.edgeStates.clear(),this.dirtyEdges.clear(),this.clearHoveredForKinds(ti("edge"))}},{key:"resetGraphState",value:function(){this.graphState=wr(this.customGraphStateDefaults),this.graphStateChanged=!1,this.graphStateFlagsDirty=!1}},{key:"clearDirtyTracking",value:function(){this.dirtyNodes.clear(),this.dirtyEdges.clear(),this.graphStateChanged=!1}},{key:"setHovered",value:function(e){this.hovered=e}},{key:"clearHoveredFor",value:function(e,t){this.hovered&&this.hovered.key===t&&ti(e).includes(this.hovered.kind)&&(this.hovered=null)}},{key:"clearHoveredForKinds",value:function(e){this.hovered&&e.includes(this.hovered.kind)&&(this.hovered=null)}},{key:"updateGraphStateFromNodes",value:function(){var e,t=!1,r=!1,i=!1,o=B(this.nodeStates),s;try{for(o.s();!(s=o.n()).done;){var l=oe(s.value,2),u=l[1];if(u.isHovered&&(t=!0),u.isHighlighted&&(r=!0),u.isDragged&&(i=!0),t&&r&&i)break}}catch(c){o.e(c)}finally{o.f()}!t&&((e=this.hovered)===null||e===void 0?void 0:e.kind)==="edge"&&(t=!0);var d=!this.graphState.isPanning&&!this.graphState.isZooming&&!i;(this.graphState.hasHovered!==t||this.graphState.hasHighlighted!==r||this.graphState.isDragging!==i||this.graphState.isIdle!==d)&&(this.graphStateChanged=!0),this.graphState=$($({},this.graphState),{},{hasHovered:t,hasHighlighted:r,isDragging:i,isIdle:d})}},{key:"updateGraphStateFromEdges",value:function(){var e,t=((e=this.hovered)===null||e===void 0?void 0:e.kind)==="node";if(!t){var r=B(this.edgeStates),i;try{for(r.s();!(i=r.n()).done;){var o=oe(i.value,2),s=o[1];if(s.isHovered){t=!0;break}}}catch(l){r.e(l)}finally{r.f()}}this.graphState.hasHovered!==t&&(this.graphStateChanged=!0),this.graphState=$($({},this.graphState),{},{hasHovered:t})}},{key:"flushGraphStateFlags",value:function(){this.graphStateFlagsDirty&&(this.updateGraphStateFromNodes(),this.updateGraphStateFromEdges(),this.graphStateFlagsDirty=!1)}},{key:"updateHoveredNodeTracking",value:function(e,t,r){var i;if(t.isHovered!==r.isHovered)if(r.isHovered){var o;if(((o=this.hovered)===null||o===void 0?void 0:o.kind)==="node"&&this.hovered.key!==e){var s=this.hovered.key,l=this.getNodeState(s);this.nodeStates.set(s,$($({},l),{},{isHovered:!1})),this.dirtyNodes.add(s)}this.hovered={kind:"node",key:e}}else((i=this.hovered)===null||i===void 0?void 0:i.kind)==="node"&&this.hovered.key===e&&(this.hovered=null)}},{key:"updateHoveredEdgeTracking",value:function(e,t,r){var i;if(t.isHovered!==r.isHovered)if(r.isHovered){var o;if(((o=this.hovered)===null||o===void 0?void 0:o.kind)==="edge"&&this.hovered.key!==e){var s=this.hovered.key,l=this.getEdgeState(s);this.edgeStates.set(s,$($({},l),{},{isHovered:!1})),this.dirtyEdges.add(s)}this.hovered={kind:"edge",key:e}}else((i=this.hovered)===null||i===void 0?void 0:i.kind)==="edge"&&this.hovered.key===e&&(this.hovered=null)}}])})(),Rs=1,Ds=2,Ls=3,Cs=4,kf=(function(a){function n(e,t){var r,i,o,s,l,u=arguments.length>2&&arguments[2]!==void 0?arguments[2]:{};ne(this,n),l=pe(this,n),R(l,"nodeReducer",null),R(l,"edgeReducer",null),R(l,"stageCanvas",null),R(l,"mouseLayer",null),R(l,"gestureHint",null),R(l,"extraElements",{}),R(l,"webGLContext",null),R(l,"pickingFrameBuffer",null),R(l,"pickingTexture",null),R(l,"pickingDepthBuffer",null),R(l,"activeListeners",{}),R(l,"nodeVariableEntries",[]),R(l,"edgeVariableEntries",[]),R(l,"edgePathsByName",new Map),R(l,"nodeProgramIndex",{}),R(l,"edgeProgramIndex",{}),R(l,"edgeTextureIndexCache",{}),R(l,"nodeGraphCoords",{}),R(l,"nodeExtent",{x:[0,1],y:[0,1]}),R(l,"matrix",Ve()),R(l,"invMatrix",Ve()),R(l,"correctionRatio",1),R(l,"frameId",0),R(l,"customBBox",null),R(l,"gpuTimerExt",void 0),R(l,"activeGpuTimerQuery",null),R(l,"pendingGpuTimerQueries",[]),R(l,"normalizationFunction",wa({x:[0,1],y:[0,1]})),R(l,"graphToViewportRatio",1),R(l,"pickingState",rf()),R(l,"prevNodeVisibilities",{}),R(l,"width",0),R(l,"height",0),R(l,"autoRescaleFrozen",!1),R(l,"stylesDeclaration",null),R(l,"resolvedStageStyle",{}),R(l,"renderFrame",null),R(l,"contextLost",!1),R(l,"pendingProcess","full"),R(l,"needToRefreshState",!1),R(l,"checkEdgesEventsFrame",null),R(l,"edgeStyleAnalysis",{dependency:"static",xAttribute:null,yAttribute:null}),R(l,"depthLayers",Q(kn)),R(l,"customLayerPrograms",new Map),R(l,"nodeShapeSlug",null),R(l,"sdfAtlas",null),R(l,"depthRanges",{nodes:{},edges:{}}),R(l,"nodeBaseDepth",{}),R(l,"edgeBaseDepth",{});var d=u.primitives,c=u.styles,h=u.settings,f=h===void 0?{}:h,g=u.nodeReducer,p=u.edgeReducer,m=u.customNodeState,v=u.customEdgeState,y=u.customGraphState;l.stateManager=new Cf(function(){return l.scheduleStateRefresh()},m,v,y);var b=d??yo;l.stylesDeclaration=c?{nodes:(r=c.nodes)!==null&&r!==void 0?r:xa.nodes,edges:(i=c.edges)!==null&&i!==void 0?i:xa.edges,stage:c.stage}:xa,l.nodeReducer=g??null,l.edgeReducer=p??null;var x=Ar(l.stylesDeclaration.nodes);l.nodeReducer&&(x.dependency="graph-state"),l.edgeStyleAnalysis=Ar(l.stylesDeclaration.edges),l.edgeReducer&&(l.edgeStyleAnalysis.dependency="graph-state"),l.stylesDeclaration.stage&&(l.resolvedStageStyle=kr(l.stylesDeclaration.stage,l.stateManager.graphState));var _=wo(f);if(Ra(_),_.enableNodeDrag){var E=x.xAttribute,w=x.yAttribute;if((!E||!w)&&!_.dragPositionToAttributes)throw new Error('Sigma: `enableNodeDrag` is true but position attribute names could not be inferred from styles. Either use attribute bindings for x/y in your node styles (e.g. `x: { attribute: "x" }`), or provide a `dragPositionToAttributes` setting.')}if(So(e),!(t instanceof HTMLElement))throw new Error("Sigma: container should be an html element.");l.container=t,l.edgeGroups=new af(e,function(T,F){for(var M=0;M<T.length;M++){var z=l.stateManager.getEdgeState(T[M]);z.parallelIndex=M,z.parallelCount=F}});var A=new nf(e,l.viewportToGraph.bind(l),l.setNodesState.bind(l),function(T,F){return l.emit(T,F)});if(l.depthLayers=(o=b.depthLayers)!==null&&o!==void 0?o:Q(kn),!(c!=null&&c.nodes)&&!Ln.every(function(T){return l.depthLayers.includes(T)}))throw new Error("Sigma: depthLayers must include ".concat(Ln.join(", ")," for the built-in node styles."));if(!(c!=null&&c.edges)&&!Cn.every(function(T){return l.depthLayers.includes(T)}))throw new Error("Sigma: depthLayers must include ".concat(Cn.join(", ")," for the built-in edge styles."));l.itemBuckets={nodes:new Zr(l.depthLayers),edges:new Zr(l.depthLayers)},l.initWebGLContext(),l.mouseLayer=cn("div",{position:"absolute",touchAction:"none",userSelect:"none"},{class:"sigma-mouse"}),l.container.appendChild(l.mouseLayer),l.resolvedStageStyle.background&&(l.container.style.backgroundColor=l.resolvedStageStyle.background),l.resolvedStageStyle.cursor&&(l.container.style.cursor=l.resolvedStageStyle.cursor);var S=new hs(l.webGLContext),L=new Qr(l.webGLContext,{channels:1}),G=new fs(l.webGLContext),C=new Qr(l.webGLContext,{channels:4}),N=l.webGLContext,k=new Sf({gl:N,getFrameBuffer:function(){return l.pickingFrameBuffer},getPixelRatio:function(){return l.internals.pixelRatio},getDownSizingRatio:function(){return l.internals.settings.pickingDownSizingRatio},isRenderPending:function(){return l.renderFrame!==null},onIndex:function(F,M){var z;return Fs(l.internals,(z=l.pickingState.lookup[F])!==null&&z!==void 0?z:null,M)}}),I=l.initPrograms(b,_),W=b==null||(s=b.nodes)===null||s===void 0?void 0:s.labelAttachments,P=null;return W&&Object.keys(W).length>0&&(P=new cs(N,W,function(){return l.scheduleRender()})),l.internals=$($({nodeDataCache:{},edgeDataCache:{},nodesWithForcedLabels:new Set,nodesWithBackdrop:new Set,edgesWithForcedLabels:new Set,settings:_,primitives:b,pixelRatio:Pn(),graph:e,stateManager:l.stateManager,dragManager:A,hoverResolver:k,nodeStyleAnalysis:x,pickingState:l.pickingState},I),{},{attachmentManager:P,nodeDataTexture:S,nodeFrameTexture:L,edgeDataTexture:G,edgeFrameTexture:C,getDimensions:function(){return l.getDimensions()},getGraphDimensions:function(){return l.getGraphDimensions()},getStagePadding:function(){return l.getStagePadding()},getCameraState:function(){return l.camera.getState()},getHitAtPosition:function(F){return l.getHitAtPosition(F)},setNodeState:function(F,M){return l.setNodeState(F,M)},setEdgeState:function(F,M){return l.setEdgeState(F,M)},updateContainerCursor:function(){return l.updateContainerCursor()},scheduleRefresh:function(){return l.scheduleRefresh()},viewportToFramedGraph:function(F){return l.viewportToFramedGraph(F)},viewportToGraph:function(F){return l.viewportToGraph(F)},framedGraphToViewport:function(F){return l.framedGraphToViewport(F)},scaleSize:function(F){return l.scaleSize(F)},emit:function(F,M){return l.emit(F,M)}}),l.labelRenderer=new Lf(l.internals),l.resize(),l.initializeWebGLLabels(),l.camera=new ps,l.bindCameraHandlers(),l.mouseCaptor=new Qh(l.mouseLayer,l),l.mouseCaptor.setSettings(l.internals.settings),l.touchCaptor=new tf(l.mouseLayer,l),l.touchCaptor.setSettings(l.internals.settings),l.bindEventHandlers(),l.bindGraphHandlers(),l.handleSettingsUpdate(),l.refresh(),l}return me(n,a),ae(n,[{key:"initializeWebGLLabels",value:function(){this.sdfAtlas=new Ot,this.sdfAtlas.registerFont({family:"sans-serif",weight:"normal",style:"normal"})}},{key:"resetWebGLTexture",value:function(){var t=this.webGLContext;if(!this.pickingFrameBuffer)return this;var r=Math.ceil(this.width*this.internals.pixelRatio/this.internals.settings.pickingDownSizingRatio),i=Math.ceil(this.height*this.internals.pixelRatio/this.internals.settings.pickingDownSizingRatio);t.bindFramebuffer(t.FRAMEBUFFER,this.pickingFrameBuffer),this.pickingTexture&&t.deleteTexture(this.pickingTexture);var o=t.createTexture();o&&(t.bindTexture(t.TEXTURE_2D,o),t.texImage2D(t.TEXTURE_2D,0,t.RGBA,r,i,0,t.RGBA,t.UNSIGNED_BYTE,null),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_MIN_FILTER,t.NEAREST),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_MAG_FILTER,t.NEAREST),t.framebufferTexture2D(t.FRAMEBUFFER,t.COLOR_ATTACHMENT0,t.TEXTURE_2D,o,0),this.pickingTexture=o),this.pickingDepthBuffer&&t.deleteRenderbuffer(this.pickingDepthBuffer);var s=t.createRenderbuffer();return s&&(t.bindRenderbuffer(t.RENDERBUFFER,s),t.renderbufferStorage(t.RENDERBUFFER,t.DEPTH_COMPONENT16,r,i),t.framebufferRenderbuffer(t.FRAMEBUFFER,t.DEPTH_ATTACHMENT,t.RENDERBUFFER,s),this.pickingDepthBuffer=s),t.bindFramebuffer(t.FRAMEBUFFER,null),this}},{key:"bindCameraHandlers",value:function(){var t=this;return this.activeListeners.camera=function(){t.refreshMatrices(),t.labelRenderer.labelsDirty=!0,t.scheduleRender()},this.activeListeners.cameraAnimationStart=function(r){var i=r.from,o=r.to;i.ratio!==o.ratio&&t.stateManager.setGraphState({isZooming:!0})},this.activeListeners.cameraAnimationEnd=function(){t.stateManager.setGraphState({isZooming:!1})},this.camera.on("updated",this.activeListeners.camera),this.camera.on("animationStart",this.activeListeners.cameraAnimationStart),this.camera.on("animationEnd",this.activeListeners.cameraAnimationEnd),this}},{key:"unbindCameraHandlers",value:function(){return this.camera.removeListener("updated",this.activeListeners.camera),this.camera.removeListener("animationStart",this.activeListeners.cameraAnimationStart),this.camera.removeListener("animationEnd",this.activeListeners.cameraAnimationEnd),this}},{key:"getHitAtPosition",value:function(t){var r;if(this.contextLost)return null;var i=this.webGLContext;i.bindFramebuffer(i.FRAMEBUFFER,this.pickingFrameBuffer);var o=Ji(i,this.pickingFrameBuffer,t.x,t.y,this.internals.pixelRatio,this.internals.settings.pickingDownSizingRatio),s=vr.apply(void 0,Q(o));return(r=this.pickingState.lookup[s])!==null&&r!==void 0?r:null}},{key:"bindEventHandlers",value:function(){return hf(this.internals,this.mouseCaptor,this.touchCaptor,this.activeListeners),this}},{key:"bindGraphHandlers",value:function(){return ff({graph:this.internals.graph,edgeGroups:this.edgeGroups,addNode:this.addNode.bind(this),updateNode:this.updateNode.bind(this),removeNode:this.removeNode.bind(this),addEdge:this.addEdge.bind(this),updateEdge:this.updateEdge.bind(this),removeEdge:this.removeEdge.bind(this),clearEdgeState:this.clearEdgeState.bind(this),clearNodeState:this.clearNodeState.bind(this),clearEdgeIndices:this.clearEdgeIndices.bind(this),clearNodeIndices:this.clearNodeIndices.bind(this),refresh:this.refresh.bind(this)},this.activeListeners),this}},{key:"unbindGraphHandlers",value:function(){gf(this.internals.graph,this.activeListeners)}},{key:"getNodeShapeId",value:function(t){return this.internals.nodeShapeMap&&this.internals.nodeGlobalShapeIds&&t.shape&&t.shape in this.internals.nodeShapeMap?this.internals.nodeGlobalShapeIds[this.internals.nodeShapeMap[t.shape]]:Nn(t.shape||"circle")}},{key:"processNodes",value:function(){var t=this,r=this.internals.graph,i=this.internals.settings,o=this.getDimensions(),s=i.autoRescale,l=i.autoRescaleContent,u=this.nodeExtent;if(s===!1){var d=o.width,c=o.height;u={x:[-d/2,d/2],y:[-c/2,c/2]}}else(s!=="once"||!this.autoRescaleFrozen)&&(u=this.computeNodeExtent(),l!=="positions"&&!this.customBBox&&(u=yf({extent:u,coords:this.nodeGraphCoords,nodeData:this.internals.nodeDataCache,dimensions:o,stagePadding:this.getStagePadding(),zoomToSizeRatioFunction:i.zoomToSizeRatioFunction,itemSizesReference:i.itemSizesReference,fitLabels:l==="labels",nodeLabelBox:function(z,D){return t.labelRenderer.nodeLabelBox(z,D)}})),s==="once"&&(this.autoRescaleFrozen=!0));this.nodeExtent=u,this.normalizationFunction=wa(this.customBBox||this.nodeExtent);var h=new ps,f=yt(h.getState(),o,this.getGraphDimensions(),this.getStagePadding());this.labelRenderer.labelGrid.resizeAndClear(o,i.labelGridCellSize),this.labelRenderer.edgeAnchorGrid.resizeAndClear(o,i.labelGridCellSize);var g=i.renderEdgeLabels&&i.edgeLabelAnchors==="allNodes",p=!1;ei(this.pickingState,"node");for(var m=r.nodes(),v=0,y=m.length;v<y;v++){var b=m[v],x=this.internals.nodeDataCache[b],_=this.nodeGraphCoords[b];x.x=_.x,x.y=_.y,this.normalizationFunction.applyTo(x),x.visibility!==this.prevNodeVisibilities[b]&&(p=!0),typeof x.label=="string"&&x.visibility!=="hidden"&&x.labelVisibility!=="hidden"&&this.labelRenderer.labelGrid.add(b,x.size,this.framedGraphToViewport(x,{matrix:f})),g&&x.visibility!=="hidden"&&this.labelRenderer.edgeAnchorGrid.add(b,x.size,this.framedGraphToViewport(x,{matrix:f}))}this.labelRenderer.labelGrid.organize(),this.labelRenderer.edgeAnchorGrid.organize(),this.nodeProgram.reallocate(m.length);var E=0;this.depthRanges.nodes={},this.nodeBaseDepth={};var w=this.internals.nodeDataCache,A=B(this.depthLayers),S;try{for(A.s();!(S=A.n()).done;){var L=S.value,G=this.itemBuckets.nodes.getSorted(L,function(M){return w[M].zIndex});if(G.length!==0){this.depthRanges.nodes[L]=[{offset:E,count:G.length}];var C=B(G),N;try{for(C.s();!(N=C.n()).done;){var k=N.value;this.nodeBaseDepth[k]=L,this.nodeProgram.allocateNode(k),xs(this.pickingState,"node",k),this.addNodeToProgram(k,E++)}}catch(M){C.e(M)}finally{C.f()}}}}catch(M){A.e(M)}finally{A.f()}this.nodeProgram.invalidateBuffers();for(var I=0,W=m.length;I<W;I++)this.prevNodeVisibilities[m[I]]=this.internals.nodeDataCache[m[I]].visibility;this.labelRenderer.processWebGLLabels(m);var P=B(this.customLayerPrograms.values()),T;try{for(P.s();!(T=P.n()).done;){var F=T.value.program;F.cacheData&&F.cacheData()}}catch(M){P.e(M)}finally{P.f()}return p}},{key:"processEdges",value:function(){var t=this.internals.graph,r=t.edges();this.edgeProgram.reallocate(r.length);var i=0;ei(this.pickingState,"edge"),this.depthRanges.edges={},this.edgeBaseDepth={};var o=this.internals.edgeDataCache,s=B(this.depthLayers),l;try{for(s.s();!(l=s.n()).done;){var u=l.value,d=this.itemBuckets.edges.getSorted(u,function(g){return o[g].zIndex});if(d.length!==0){this.depthRanges.edges[u]=[{offset:i,count:d.length}];var c=B(d),h;try{for(c.s();!(h=c.n()).done;){var f=h.value;this.edgeBaseDepth[f]=u,xs(this.pickingState,"edge",f),this.addEdgeToProgram(f,i++)}}catch(g){c.e(g)}finally{c.f()}}}}catch(g){s.e(g)}finally{s.f()}this.edgeProgram.invalidateBuffers()}},{key:"updateNodeDepthRanges",value:function(t,r,i){var o=this.nodeProgramIndex[t];o!==void 0&&(Fr(this.depthRanges.nodes,r,o),Gr(this.depthRanges.nodes,i,o))}},{key:"updateEdgeDepthRanges",value:function(t,r,i){var o=this.edgeProgramIndex[t];o!==void 0&&(Fr(this.depthRanges.edges,r,o),Gr(this.depthRanges.edges,i,o))}},{key:"handleSettingsUpdate",value:function(){var t=this,r=this.internals.settings;return this.camera.minRatio=r.minCameraRatio,this.camera.maxRatio=r.maxCameraRatio,this.camera.enabledZooming=r.enableCameraZooming,this.camera.enabledPanning=r.enableCameraPanning,this.camera.enabledRotation=r.enableCameraRotation,r.cameraPanBoundaries?this.camera.constrainState=function(i){return t.cleanCameraState(i,r.cameraPanBoundaries&&ie(r.cameraPanBoundaries)==="object"?r.cameraPanBoundaries:{})}:this.camera.constrainState=null,this.camera.setState(this.camera.getState()),this.mouseLayer.style.touchAction=r.gestureTarget==="graph"?"none":r.gestureTarget==="shared"?"pan-x pan-y":"auto",r.gestureTarget!=="shared"&&this.gestureHint&&(this.gestureHint.kill(),this.gestureHint=null),this.mouseCaptor.setSettings(this.internals.settings),this.touchCaptor.setSettings(this.internals.settings),this}},{key:"cleanCameraState",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{},i=r.tolerance,o=i===void 0?0:i,s=r.boundaries,l=$({},t),u=s||this.nodeExtent,d=oe(u.x,2),c=d[0],h=d[1],f=oe(u.y,2),g=f[0],p=f[1],m=[this.graphToViewport({x:c,y:g},{cameraState:t}),this.graphToViewport({x:h,y:g},{cameraState:t}),this.graphToViewport({x:c,y:p},{cameraState:t}),this.graphToViewport({x:h,y:p},{cameraState:t})],v=1/0,y=-1/0,b=1/0,x=-1/0;m.forEach(function(k){var I=k.x,W=k.y;v=Math.min(v,I),y=Math.max(y,I),b=Math.min(b,W),x=Math.max(x,W)});var _=y-v,E=x-b,w=this.getDimensions(),A=w.width,S=w.height,L=0,G=0;if(_>=A?y<A-o?L=y-(A-o):v>o&&(L=v-o):y>A+o?L=y-(A+o):v<-o&&(L=v+o),E>=S?x<S-o?G=x-(S-o):b>o&&(G=b-o):x>S+o?G=x-(S+o):b<-o&&(G=b+o),L||G){var C=this.viewportToFramedGraph({x:0,y:0},{cameraState:t}),N=this.viewportToFramedGraph({x:L,y:G},{cameraState:t});L=N.x-C.x,G=N.y-C.y,l.x+=L,l.y+=G}return l}},{key:"refreshMatrices",value:function(){var t=this.camera.getState(),r=this.getDimensions(),i=this.getGraphDimensions(),o=this.getStagePadding();this.matrix=yt(t,r,i,o),this.invMatrix=yt(t,r,i,o,!0),this.correctionRatio=Yi(this.matrix,t,r),this.graphToViewportRatio=this.getGraphToViewportRatio()}},{key:"processData",value:function(){var t;this.emit("beforeProcess"),(t=this.internals.attachmentManager)===null||t===void 0||t.clear();var r=$({},this.pickingState.idsByKind),i=this.processNodes();(this.pendingProcess==="full"||i)&&this.processEdges(),of(this.pickingState,this.internals),sf(r,this.pickingState.idsByKind)||this.internals.hoverResolver.invalidate(),this.pendingProcess="none",this.emit("afterProcess")}},{key:"render",value:function(){var t=this;if(this.contextLost)return this;this.emit("beforeRender");var r=function(){return t.internals.hoverResolver.frameRendered(),t.emit("afterRender"),t};if(this.renderFrame&&(cancelAnimationFrame(this.renderFrame),this.renderFrame=null),this.resize(),(this.pendingProcess!=="none"||this.needToRefreshState)&&(this.labelRenderer.labelsDirty=!0),this.pendingProcess!=="none"&&this.processData(),this.needToRefreshState&&this.refreshState(),this.needToRefreshState=!1,this.stateManager.clearDirtyTracking(),this.pendingProcess!=="none"&&this.processData(),this.clear(),this.resetWebGLTexture(),!this.internals.graph.order)return r();var i=this.mouseCaptor,o=this.camera.isAnimating()||i.isMoving||i.draggedEvents||i.currentWheelDirection;if(this.refreshMatrices(),this.frameId++,this.internals.settings.renderEdgeLabels&&!this.internals.edgeLabelProgram){var s=this.createEdgeLabelPrograms(),l=s.labelProgram,u=s.labelBackgroundProgram;this.internals.edgeLabelProgram=l,this.internals.edgeLabelBackgroundProgram=u}var d=this.internals.settings.DEBUG_logRenderStats?this.getDebugPrograms():null;d&&d.forEach(function(Z){return Z.resetDebugStats()}),this.internals.settings.DEBUG_gpuTimerQueries&&this.beginGpuTimerQuery(),this.internals.nodeFrameTexture.ensureCapacity(this.internals.nodeDataTexture.getCapacity()),this.internals.edgeFrameTexture.ensureCapacity(this.internals.edgeDataTexture.getCapacity());var c=this.getRenderParams(),h=Ie.edge.writesPickingThisFrame(this.internals)?c:$($({},c),{},{pickingFrameBuffer:null});this.labelRenderer.resetFrame();var f=this.webGLContext,g=Math.ceil(this.width*this.internals.pixelRatio/this.internals.settings.pickingDownSizingRatio),p=Math.ceil(this.height*this.internals.pixelRatio/this.internals.settings.pickingDownSizingRatio);if(f.bindFramebuffer(f.FRAMEBUFFER,this.pickingFrameBuffer),f.viewport(0,0,g,p),f.clear(f.COLOR_BUFFER_BIT|f.DEPTH_BUFFER_BIT),f.bindFramebuffer(f.FRAMEBUFFER,null),f.viewport(0,0,this.width*this.internals.pixelRatio,this.height*this.internals.pixelRatio),f.clear(f.COLOR_BUFFER_BIT|f.DEPTH_BUFFER_BIT),this.internals.nodeDataTexture.upload(),this.internals.edgeDataTexture.upload(),this.nodeProgram.uploadLayerTexture(),this.edgeProgram.uploadAttributeTexture(),this.emit("afterTexturesUpload"),this.internals.nodeDataTexture.bind(Ls),this.internals.edgeDataTexture.bind(Cs),this.edgeFramePass.run(c,this.internals.edgeFrameTexture,this.internals.edgeDataTexture.getHighWaterMark(),this.edgeProgram.getAttributeTexture(),this.nodeProgram.getAttributeTexture()),this.internals.edgeFrameTexture.bind(Rs),this.internals.settings.renderLabels){this.labelRenderer.computeDisplayedNodeLabels();var m=this.labelRenderer.buildFramePassPoints(),v=m.data,y=m.count;this.nodeFramePass.run(v,y,this.internals.nodeFrameTexture,c,this.nodeProgram.getAttributeTexture()),this.internals.nodeFrameTexture.bind(Ds)}this.internals.settings.renderEdgeLabels&&this.labelRenderer.computeDisplayedEdgeLabels();var b=B(this.customLayerPrograms.values()),x;try{for(b.s();!(x=b.n()).done;){var _=x.value.program;_.preRender&&_.preRender(c)}}catch(Z){b.e(Z)}finally{b.f()}f.bindFramebuffer(f.FRAMEBUFFER,null),f.viewport(0,0,this.width*this.internals.pixelRatio,this.height*this.internals.pixelRatio),f.blendFunc(f.ONE,f.ONE_MINUS_SRC_ALPHA);var E=!this.internals.settings.hideLabelsOnMove||!o,w=B(this.depthLayers),A;try{for(w.s();!(A=w.n()).done;){var S=A.value,L=B(this.customLayerPrograms.values()),G;try{for(L.s();!(G=L.n()).done;){var C=G.value;C.depth===S&&C.program.render(c)}}catch(Z){L.e(Z)}finally{L.f()}var N=this.depthRanges.edges[S];if(N&&(!this.internals.settings.hideEdgesOnMove||!o)){var k=B(N),I;try{for(k.s();!(I=k.n()).done;){var W=I.value,P=W.offset,T=W.count;T>0&&this.edgeProgram.render(h,P,T)}}catch(Z){k.e(Z)}finally{k.f()}}this.internals.settings.renderEdgeLabels&&E&&(this.labelRenderer.renderEdgeLabelBackgrounds(Ie.edgeLabel.writesPickingThisFrame(this.internals)?c:$($({},c),{},{pickingFrameBuffer:null}),S),this.labelRenderer.renderEdgeLabels(c,S)),this.labelRenderer.cacheAttachments(S),this.labelRenderer.renderBackdrops($($({},c),{},{pickingFrameBuffer:null}),S);var F=this.depthRanges.nodes[S];if(F){var M=B(F),z;try{for(M.s();!(z=M.n()).done;){var D=z.value,q=D.offset,j=D.count;j>0&&this.nodeProgram.render(c,q,j)}}catch(Z){M.e(Z)}finally{M.f()}}E&&(this.labelRenderer.renderAttachments($($({},c),{},{pickingFrameBuffer:null}),S),this.labelRenderer.renderLabelBackgrounds(Ie.nodeLabel.writesPickingThisFrame(this.internals)?c:$($({},c),{},{pickingFrameBuffer:null}),S),this.internals.settings.renderLabels&&this.labelRenderer.renderWebGLLabels(c,S))}}catch(Z){w.e(Z)}finally{w.f()}return this.labelRenderer.labelsDirty=!1,this.internals.settings.DEBUG_displayPickingLayer&&(f.bindFramebuffer(f.READ_FRAMEBUFFER,this.pickingFrameBuffer),f.bindFramebuffer(f.DRAW_FRAMEBUFFER,null),f.blitFramebuffer(0,0,g,p,0,0,this.width*this.internals.pixelRatio,this.height*this.internals.pixelRatio,f.COLOR_BUFFER_BIT,f.NEAREST)),this.internals.settings.DEBUG_gpuTimerQueries&&this.endGpuTimerQuery(),this.pollGpuTimerQueries(),d&&this.logRenderStats(d),r()}},{key:"getDebugPrograms",value:function(){return[this.nodeProgram,this.edgeProgram,this.internals.labelProgram,this.internals.edgeLabelProgram,this.internals.edgeLabelBackgroundProgram,this.internals.backdropProgram,this.internals.labelBackgroundProgram,this.internals.attachmentProgram].filter(function(t){return t!==null})}},{key:"logRenderStats",value:function(t){var r={},i=B(t),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;r[s.constructor.name]=$({},s.debugStats)}}catch(l){i.e(l)}finally{i.f()}console.log("[sigma] DEBUG_logRenderStats: frame #".concat(this.frameId)),console.table(r)}},{key:"getGpuTimerExtension",value:function(){return this.gpuTimerExt===void 0&&(this.gpuTimerExt=this.webGLContext.getExtension("EXT_disjoint_timer_query_webgl2"),this.gpuTimerExt||console.warn("Sigma: DEBUG_gpuTimerQueries is enabled, but this browser/driver doesn't support EXT_disjoint_timer_query_webgl2.")),this.gpuTimerExt}},{key:"beginGpuTimerQuery",value:function(){var t=this.getGpuTimerExtension();if(t){var r=this.webGLContext,i=r.createQuery();i&&(r.beginQuery(t.TIME_ELAPSED_EXT,i),this.activeGpuTimerQuery=i)}}},{key:"endGpuTimerQuery",value:function(){!this.gpuTimerExt||!this.activeGpuTimerQuery||(this.webGLContext.endQuery(this.gpuTimerExt.TIME_ELAPSED_EXT),this.pendingGpuTimerQueries.push({query:this.activeGpuTimerQuery,frameId:this.frameId}),this.activeGpuTimerQuery=null)}},{key:"pollGpuTimerQueries",value:function(){if(this.pendingGpuTimerQueries.length!==0){var t=this.webGLContext,r=this.gpuTimerExt;if(!r){this.pendingGpuTimerQueries.forEach(function(c){var h=c.query;return t.deleteQuery(h)}),this.pendingGpuTimerQueries=[];return}var i=t.getParameter(r.GPU_DISJOINT_EXT),o=[],s=B(this.pendingGpuTimerQueries),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;if(!t.getQueryParameter(u.query,t.QUERY_RESULT_AVAILABLE)){o.push(u);continue}if(!i){var d=t.getQueryParameter(u.query,t.QUERY_RESULT);console.log("[sigma] DEBUG_gpuTimerQueries: frame #".concat(u.frameId," GPU time = ").concat((d/1e6).toFixed(2),"ms"))}t.deleteQuery(u.query)}}catch(c){s.e(c)}finally{s.f()}this.pendingGpuTimerQueries=o}}},{key:"postEvaluateNode",value:function(t,r,i){var o=t;o.x===void 0&&(o.x=r.x),o.y===void 0&&(o.y=r.y),t.highlighted=i.isHighlighted;for(var s=0,l=this.nodeVariableEntries.length;s<l;s++){var u,d,c=oe(this.nodeVariableEntries[s],2),h=c[0],f=c[1];o[h]=(u=(d=o[h])!==null&&d!==void 0?d:r[h])!==null&&u!==void 0?u:f.default}}},{key:"addNode",value:function(t){var r=this.internals.graph.getNodeAttributes(t),i=this.stateManager.getNodeState(t),o=this.internals.nodeDataCache[t]||{};if(Lr(this.stylesDeclaration.nodes,r,i,this.stateManager.graphState,this.internals.graph,o),this.postEvaluateNode(o,r,i),this.nodeReducer){var s=this.nodeReducer(t,o,r,i,this.stateManager.graphState,this.internals.graph);o=$($({},o),s)}if(typeof o.x!="number"||typeof o.y!="number")throw new Error('Sigma: could not find a valid position (x, y) for node "'.concat(t,'". ')+"Provide coordinates via node attributes, styles, or a nodeReducer.");this.internals.nodeShapeMap?(!o.shape||!(o.shape in this.internals.nodeShapeMap))&&(o.shape=Object.keys(this.internals.nodeShapeMap)[0]):this.nodeShapeSlug&&(o.shape=this.nodeShapeSlug),this.internals.nodeDataCache[t]=o,this.nodeGraphCoords[t]={x:o.x,y:o.y},Nt(this.internals.nodesWithForcedLabels,t,xt(o)),Nt(this.internals.nodesWithBackdrop,t,Ir(o)),this.itemBuckets.nodes.set(t,o.depth)}},{key:"updateNode",value:function(t){this.addNode(t);var r=this.internals.nodeDataCache[t];this.normalizationFunction.applyTo(r)}},{key:"removeNode",value:function(t){this.itemBuckets.nodes.remove(t),delete this.internals.nodeDataCache[t],delete this.nodeGraphCoords[t],delete this.nodeProgramIndex[t],this.internals.dragManager.removeNode(t),this.stateManager.removeNode(t),this.internals.nodesWithForcedLabels.delete(t),this.internals.nodesWithBackdrop.delete(t)}},{key:"postEvaluateEdge",value:function(t,r){for(var i=t,o=0,s=this.edgeVariableEntries.length;o<s;o++){var l,u,d=oe(this.edgeVariableEntries[o],2),c=d[0],h=d[1];i[c]=(l=(u=i[c])!==null&&u!==void 0?u:r[c])!==null&&l!==void 0?l:h.default}}},{key:"applyEdgeSpread",value:function(t,r,i){var o;if(!(i.parallelCount<=1)){var s=this.internals.graph.source(t),l=this.internals.graph.target(t),u=s===l,d=u?r.selfLoopPath||r.path:r.parallelPath||r.path,c=d?this.edgePathsByName.get(d):void 0;if(c!=null&&c.spread){var h=(o=r.parallelSpread)!==null&&o!==void 0?o:.25,f=c.spread.compute(i.parallelIndex,i.parallelCount,h);!u&&this.internals.graph.isDirected(t)&&s>l&&(f=-f),r[c.spread.variable]=f}}}},{key:"addEdge",value:function(t){var r=this.internals.graph.getEdgeAttributes(t),i=this.stateManager.getEdgeState(t),o={};if(Cr(this.stylesDeclaration.edges,r,i,this.stateManager.graphState,this.internals.graph,o),this.postEvaluateEdge(o,r),this.edgeReducer){var s=this.edgeReducer(t,o,r,i,this.stateManager.graphState,this.internals.graph);o=$($({},o),s)}this.applyEdgeSpread(t,o,i),this.internals.edgeDataCache[t]=o,Nt(this.internals.edgesWithForcedLabels,t,xt(o)),this.itemBuckets.edges.set(t,o.depth)}},{key:"updateEdge",value:function(t){this.addEdge(t)}},{key:"removeEdge",value:function(t){this.itemBuckets.edges.remove(t),delete this.internals.edgeDataCache[t],delete this.edgeProgramIndex[t],delete this.edgeTextureIndexCache[t],this.internals.edgeDataTexture.free(t),this.stateManager.removeEdge(t),this.internals.edgesWithForcedLabels.delete(t)}},{key:"clearNodeIndices",value:function(){this.labelRenderer.resetLabelGrid(),this.autoRescaleFrozen||(this.nodeExtent={x:[0,1],y:[0,1]}),this.internals.nodeDataCache={},this.nodeGraphCoords={},this.edgeProgramIndex={},this.internals.nodesWithForcedLabels.clear(),this.internals.nodesWithBackdrop.clear(),this.prevNodeVisibilities={},this.itemBuckets.nodes.clearAll(),this.depthRanges.nodes={},this.nodeBaseDepth={}}},{key:"clearEdgeIndices",value:function(){this.internals.edgeDataCache={},this.edgeProgramIndex={},this.edgeTextureIndexCache={},this.internals.edgesWithForcedLabels.clear(),ei(this.pickingState,"edge"),this.itemBuckets.edges.clearAll(),this.depthRanges.edges={},this.edgeBaseDepth={},this.edgeGroups.clear()}},{key:"clearIndices",value:function(){this.clearEdgeIndices(),this.clearNodeIndices()}},{key:"clearNodeState",value:function(){this.labelRenderer.resetFrame(),this.internals.nodesWithBackdrop.clear(),this.internals.dragManager.clear(),this.autoRescaleFrozen=!1,this.stateManager.clearNodes()}},{key:"clearEdgeState",value:function(){this.labelRenderer.clearEdgeLabels(),this.stateManager.clearEdges()}},{key:"clearState",value:function(){this.clearEdgeState(),this.clearNodeState(),this.stateManager.resetGraphState()}},{key:"addNodeToProgram",value:function(t,r){var i,o=this.internals.nodeDataCache[t];this.internals.nodeDataTexture.allocate(t),(i=this.internals.nodeDataTexture).updateNode.apply(i,[t,o.x,o.y,o.size,this.getNodeShapeId(o)].concat(Q(Sa(o)),[o.color]));var s=this.internals.nodeDataTexture.getIndex(t);this.nodeProgram.process($t(this.pickingState,"node",t),r,o,s,t),this.nodeProgramIndex[t]=r}},{key:"addEdgeToProgram",value:function(t,r){var i,o,s=this.internals.edgeDataCache[t],l=this.internals.graph.source(t),u=this.internals.graph.target(t),d=this.internals.edgeDataTexture.allocate(t);this.edgeTextureIndexCache[t]=d;var c=l===u,h=!c&&((i=(o=this.stateManager.getEdgeState(t))===null||o===void 0?void 0:o.parallelCount)!==null&&i!==void 0?i:1)>1,f=this.edgeProgram.resolveEdgeIds(s,c,h),g=f.pathId,p=f.headId,m=f.tailId,v=f.headLengthRatio,y=f.tailLengthRatio;this.internals.edgeDataTexture.updateEdge(t,this.internals.nodeDataTexture.getIndex(l),this.internals.nodeDataTexture.getIndex(u),s.size,v,y,g,p,m),this.edgeProgram.process($t(this.pickingState,"edge",t),r,this.internals.nodeDataCache[l],this.internals.nodeDataCache[u],s,d),this.edgeProgramIndex[t]=r}},{key:"getRenderParams",value:function(){return{frameId:this.frameId,matrix:this.matrix,invMatrix:this.invMatrix,width:this.width,height:this.height,pixelRatio:this.internals.pixelRatio,zoomRatio:this.camera.ratio,cameraAngle:this.camera.angle,sizeRatio:1/this.scaleSize(),correctionRatio:this.correctionRatio,downSizingRatio:this.internals.settings.pickingDownSizingRatio,minEdgeThickness:this.internals.settings.minEdgeThickness,antiAliasingFeather:this.internals.settings.antiAliasingFeather,nodePickingPadding:this.internals.settings.nodePickingPadding,edgePickingPadding:this.internals.settings.edgePickingPadding,labelPickingPadding:this.internals.settings.labelPickingPadding,nodeDataTextureUnit:Ls,nodeDataTextureWidth:this.internals.nodeDataTexture.getTextureWidth(),nodeFrameTextureUnit:Ds,nodeFrameTextureWidth:this.internals.nodeFrameTexture.getTextureWidth(),edgeDataTextureUnit:Cs,edgeDataTextureWidth:this.internals.edgeDataTexture.getTextureWidth(),edgeFrameTextureUnit:Rs,edgeFrameTextureWidth:this.internals.edgeFrameTexture.getTextureWidth(),pickingFrameBuffer:this.pickingFrameBuffer,labelPixelSnapping:this.internals.settings.labelPixelSnapping?1:0}}},{key:"getStagePadding",value:function(){var t=this.internals.settings,r=t.stagePadding,i=t.autoRescale;return i&&r||0}},{key:"getLayerElement",value:function(t){if(t==="mouse")return this.mouseLayer;var r=this.extraElements[t];if(!r)throw new Error('Sigma: layer "'.concat(t,'" does not exist'));return r}},{key:"initWebGLContext",value:function(){var t=this,r=this.createWebGLContext("stage");this.stageCanvas=this.extraElements.stage,this.webGLContext=r,this.stageCanvas.addEventListener("webglcontextlost",function(i){t.webGLContext&&(i.preventDefault(),t.contextLost=!0,t.renderFrame&&(cancelAnimationFrame(t.renderFrame),t.renderFrame=null),t.gpuTimerExt=void 0,t.activeGpuTimerQuery=null,t.pendingGpuTimerQueries=[],t.emit("webglContextLost"))}),this.stageCanvas.addEventListener("webglcontextrestored",function(){requestAnimationFrame(function(){t.webGLContext&&!t.webGLContext.isContextLost()&&t.restoreWebGLContext()})}),this.initPickingFramebuffer()}},{key:"initPickingFramebuffer",value:function(){var t=this.webGLContext,r=t.createFramebuffer();if(!r)throw new Error("Sigma: cannot create picking frame buffer");t.bindFramebuffer(t.FRAMEBUFFER,r);var i=t.createTexture();if(!i)throw new Error("Sigma: cannot create picking texture");t.bindTexture(t.TEXTURE_2D,i),t.texImage2D(t.TEXTURE_2D,0,t.RGBA,1,1,0,t.RGBA,t.UNSIGNED_BYTE,null),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_MIN_FILTER,t.NEAREST),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_MAG_FILTER,t.NEAREST),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_WRAP_S,t.CLAMP_TO_EDGE),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_WRAP_T,t.CLAMP_TO_EDGE),t.framebufferTexture2D(t.FRAMEBUFFER,t.COLOR_ATTACHMENT0,t.TEXTURE_2D,i,0);var o=t.createRenderbuffer();if(!o)throw new Error("Sigma: cannot create picking depth buffer");if(t.bindRenderbuffer(t.RENDERBUFFER,o),t.renderbufferStorage(t.RENDERBUFFER,t.DEPTH_COMPONENT16,1,1),t.framebufferRenderbuffer(t.FRAMEBUFFER,t.DEPTH_ATTACHMENT,t.RENDERBUFFER,o),t.checkFramebufferStatus(t.FRAMEBUFFER)!==t.FRAMEBUFFER_COMPLETE)throw new Error("Sigma: picking framebuffer is not complete");t.bindFramebuffer(t.FRAMEBUFFER,null),this.pickingFrameBuffer=r,this.pickingTexture=i,this.pickingDepthBuffer=o}},{key:"initPrograms",value:function(t,r){var i=this,o=this.webGLContext,s=is(o,this.pickingFrameBuffer,i,t?.nodes,r.antialiasNodes),l=s.nodeProgram,u=s.labelProgram,d=s.backdropProgram,c=s.labelBackgroundProgram,h=s.attachmentProgram,f=s.framePass,g=s.shapeSlug,p=s.shapeNameToIndex,m=s.shapeGlobalIds,v=s.variables;this.nodeProgram=l,this.nodeFramePass=f,this.nodeVariableEntries=Object.entries(v),g&&(this.nodeShapeSlug=g);var y=os(o,this.pickingFrameBuffer,i,t?.edges,r.antialiasEdges,t?.nodes),b=y.edgeProgram,x=y.createLabelPrograms,_=y.framePass,E=y.variables,w=y.paths;return this.createEdgeLabelPrograms=x,this.edgeProgram=b,this.edgeFramePass=_,this.edgeVariableEntries=Object.entries(E),this.edgePathsByName=new Map(w.map(function(A){return[A.name,A]})),{labelProgram:u,edgeLabelProgram:null,edgeLabelBackgroundProgram:null,backdropProgram:d,labelBackgroundProgram:c,attachmentProgram:h,nodeShapeMap:p??null,nodeGlobalShapeIds:m??null}}},{key:"restoreWebGLContext",value:function(){var t,r,i,o,s,l=this.internals;this.initPickingFramebuffer(),(t=l.nodeDataTexture)===null||t===void 0||t.restore(),(r=l.nodeFrameTexture)===null||r===void 0||r.restore(),(i=l.edgeDataTexture)===null||i===void 0||i.restore(),(o=l.edgeFrameTexture)===null||o===void 0||o.restore(),(s=l.attachmentManager)===null||s===void 0||s.restore(),l.hoverResolver.reset(),Object.assign(l,this.initPrograms(l.primitives,l.settings));var u=B(this.customLayerPrograms.values()),d;try{for(u.s();!(d=u.n()).done;){var c=d.value;c.program.kill(),c.program=c.factory(this.webGLContext)}}catch(h){u.e(h)}finally{u.f()}this.contextLost=!1,this.emit("webglContextRestored"),this.refresh()}},{key:"createLayer",value:function(t,r){var i=arguments.length>2&&arguments[2]!==void 0?arguments[2]:{};if(this.extraElements[t])throw new Error('Sigma: a layer named "'.concat(t,'" already exists'));var o=cn(r,{position:"absolute"},{class:"sigma-".concat(t)});return i.style&&Object.assign(o.style,i.style),this.extraElements[t]=o,"beforeLayer"in i&&i.beforeLayer?this.getLayerElement(i.beforeLayer).before(o):"afterLayer"in i&&i.afterLayer?this.getLayerElement(i.afterLayer).after(o):this.container.appendChild(o),o}},{key:"createCanvas",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{};return this.createLayer(t,"canvas",r)}},{key:"createWebGLContext",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{},i=this.createCanvas(t,r);r.hidden&&i.remove();var o=i.getContext("webgl2",$({preserveDrawingBuffer:!1,antialias:!1,depth:!0},r));if(!o)throw new Error("Sigma: WebGL 2 is not supported by your browser. Please use a modern browser (Chrome 56+, Firefox 51+, Safari 15+, Edge 79+).");return o.blendFunc(o.ONE,o.ONE_MINUS_SRC_ALPHA),o}},{key:"killLayer",value:function(t){if(t==="stage"||t==="mouse")throw new Error('Sigma: cannot kill built-in layer "'.concat(t,'"'));var r=this.extraElements[t];if(!r)throw new Error("Sigma: cannot kill layer ".concat(t,", which does not exist"));return r.remove(),delete this.extraElements[t],this}},{key:"getWebGLContext",value:function(){if(!this.webGLContext)throw new Error("Sigma: WebGL context is not available");return this.webGLContext}},{key:"getNodeDataTexture",value:function(){if(!this.internals.nodeDataTexture)throw new Error("Sigma: node data texture is not available");return this.internals.nodeDataTexture}},{key:"getNormalizationFunction",value:function(){return this.normalizationFunction}},{key:"addCustomLayerProgram",value:function(t,r,i){var o;if(!this.depthLayers.includes(r))throw new Error('Sigma: cannot add custom layer program at depth "'.concat(r,'", ')+"it must be declared in primitives.depthLayers. Current layers: ".concat(this.depthLayers.join(", ")));(o=this.customLayerPrograms.get(t))===null||o===void 0||o.program.kill();var s=i(this.webGLContext);return this.customLayerPrograms.set(t,{depth:r,factory:i,program:s}),s.cacheData&&s.cacheData(),this.scheduleRender(),this}},{key:"removeCustomLayerProgram",value:function(t){var r=this.customLayerPrograms.get(t);return r&&(r.program.kill(),this.customLayerPrograms.delete(t),this.scheduleRender()),this}},{key:"getCamera",value:function(){return this.camera}},{key:"setCamera",value:function(t){return this.camera.cancelAnimation(),this.unbindCameraHandlers(),this.camera=t,this.bindCameraHandlers(),this.scheduleRender(),this}},{key:"getContainer",value:function(){return this.container}},{key:"getGraph",value:function(){return this.internals.graph}},{key:"setGraph",value:function(t){return t===this.internals.graph?this:(this.stateManager.pruneNodes(function(r){return t.hasNode(r)}),this.stateManager.pruneEdges(function(r){return t.hasEdge(r)}),this.unbindGraphHandlers(),this.checkEdgesEventsFrame!==null&&(cancelAnimationFrame(this.checkEdgesEventsFrame),this.checkEdgesEventsFrame=null),this.internals.graph=t,this.autoRescaleFrozen=!1,this.bindGraphHandlers(),this.refresh(),this)}},{key:"getMouseCaptor",value:function(){return this.mouseCaptor}},{key:"getTouchCaptor",value:function(){return this.touchCaptor}},{key:"getDimensions",value:function(){return{width:this.width,height:this.height}}},{key:"getGraphDimensions",value:function(){var t=this.customBBox||this.nodeExtent;return{width:t.x[1]-t.x[0]||1,height:t.y[1]-t.y[0]||1}}},{key:"getNodeDisplayData",value:function(t){var r=this.internals.nodeDataCache[t];return r?Object.assign({},r):void 0}},{key:"getEdgeDisplayData",value:function(t){var r=this.internals.edgeDataCache[t];return r?Object.assign({},r):void 0}},{key:"getNodeState",value:function(t){return this.stateManager.getNodeState(t)}},{key:"getEdgeState",value:function(t){return this.stateManager.getEdgeState(t)}},{key:"getGraphState",value:function(){return this.stateManager.getGraphState()}},{key:"setNodeState",value:function(t,r){return this.stateManager.setNodeState(t,r),this}},{key:"setEdgeState",value:function(t,r){return this.stateManager.setEdgeState(t,r),this}},{key:"setGraphState",value:function(t){return this.stateManager.setGraphState(t),this}},{key:"_setPanning",value:function(t){this.stateManager.setGraphState({isPanning:t})}},{key:"_setZooming",value:function(t){this.stateManager.setGraphState({isZooming:t})}},{key:"_hasNodeDrag",value:function(){var t=this.internals.dragManager;return!!(t.pendingNode||t.session)}},{key:"_showGestureHint",value:function(t){var r=this.internals.settings;r.gestureTarget==="shared"&&(this.gestureHint=this.gestureHint||new Ef(this.container),this.gestureHint.show(t,r))}},{key:"setNodesState",value:function(t,r){return this.stateManager.setNodesState(t,r),this}},{key:"setEdgesState",value:function(t,r){return this.stateManager.setEdgesState(t,r),this}},{key:"updateContainerCursor",value:function(){var t=this.stateManager.hovered,r=this.resolvedStageStyle.cursor||"";this.container.style.cursor=t&&lf(this.internals,t)||r}},{key:"refreshStageStyle",value:function(){this.resolvedStageStyle=kr(this.stylesDeclaration.stage,this.stateManager.graphState),this.resolvedStageStyle.background!==void 0&&(this.container.style.backgroundColor=this.resolvedStageStyle.background),this.updateContainerCursor()}},{key:"getNodeDisplayedLabels",value:function(){return new Set(this.labelRenderer.displayedNodeLabels)}},{key:"getEdgeDisplayedLabels",value:function(){return new Set(this.labelRenderer.displayedEdgeLabels)}},{key:"getSettings",value:function(){return $({},this.internals.settings)}},{key:"getSetting",value:function(t){return this.internals.settings[t]}},{key:"getStyles",value:function(){return $({},this.stylesDeclaration)}},{key:"getPrimitives",value:function(){return $({},this.internals.primitives)}},{key:"setSetting",value:function(t,r){return this.internals.settings[t]=r,Ra(this.internals.settings),this.handleSettingsUpdate(),this.scheduleRefresh(),this}},{key:"updateSetting",value:function(t,r){return this.setSetting(t,r(this.internals.settings[t])),this}},{key:"setSettings",value:function(t){return this.internals.settings=$($({},this.internals.settings),t),Ra(this.internals.settings),this.handleSettingsUpdate(),this.scheduleRefresh(),this}},{key:"resize",value:function(t){var r=this.width,i=this.height;if(this.width=this.container.offsetWidth,this.height=this.container.offsetHeight,this.internals.pixelRatio=Pn(),this.width===0)if(this.internals.settings.allowInvalidContainer)this.width=1;else throw new Error("Sigma: Container has no width. You can set the allowInvalidContainer setting to true to stop seeing this error.");if(this.height===0)if(this.internals.settings.allowInvalidContainer)this.height=1;else throw new Error("Sigma: Container has no height. You can set the allowInvalidContainer setting to true to stop seeing this error.");if(!t&&r===this.width&&i===this.height)return this;this.labelRenderer.labelsDirty=!0;for(var o=0,s=[this.mouseLayer].concat(Q(Object.values(this.extraElements)));o<s.length;o++){var l=s[o];l.style.width=this.width+"px",l.style.height=this.height+"px"}return this.webGLContext&&(this.stageCanvas.setAttribute("width",this.width*this.internals.pixelRatio+"px"),this.stageCanvas.setAttribute("height",this.height*this.internals.pixelRatio+"px"),this.webGLContext.viewport(0,0,this.width*this.internals.pixelRatio,this.height*this.internals.pixelRatio)),this.emit("resize"),this}},{key:"clear",value:function(){return this.emit("beforeClear"),this.webGLContext.bindFramebuffer(WebGLRenderingContext.FRAMEBUFFER,null),this.webGLContext.clear(WebGLRenderingContext.COLOR_BUFFER_BIT),this.emit("afterClear"),this}},{key:"scheduleStateRefresh",value:function(){this.needToRefreshState=!0,this.scheduleRender()}},{key:"refreshState",value:function(){var t=this,r;this.stateManager.flushGraphStateFlags();var i=this.stateManager.graphStateChanged&&this.internals.nodeStyleAnalysis.dependency==="graph-state",o=this.stateManager.graphStateChanged&&this.edgeStyleAnalysis.dependency==="graph-state",s=!1;if(i)this.internals.graph.forEachNode(function(g){t.refreshNodeState(g)&&(s=!0)});else if(this.internals.nodeStyleAnalysis.dependency!=="static"){var l=B(this.stateManager.dirtyNodes),u;try{for(l.s();!(u=l.n()).done;){var d=u.value;this.refreshNodeState(d)&&(s=!0)}}catch(g){l.e(g)}finally{l.f()}}if(o)this.internals.graph.forEachEdge(function(g){t.refreshEdgeState(g)&&(s=!0)});else if(this.edgeStyleAnalysis.dependency!=="static"){var c=B(this.stateManager.dirtyEdges),h;try{for(c.s();!(h=c.n()).done;){var f=h.value;this.refreshEdgeState(f)&&(s=!0)}}catch(g){c.e(g)}finally{c.f()}}this.stateManager.graphStateChanged&&(r=this.stylesDeclaration)!==null&&r!==void 0&&r.stage&&this.refreshStageStyle(),this.stateManager.clearDirtyTracking(),s&&(this.pendingProcess="full")}},{key:"refreshNodeState",value:function(t){var r=this.internals.nodeDataCache[t];if(!r||this.nodeReducer){var i,o,s,l,u=(i=this.internals.nodeDataCache[t])===null||i===void 0?void 0:i.depth,d=(o=this.internals.nodeDataCache[t])===null||o===void 0?void 0:o.zIndex,c=(s=this.internals.nodeDataCache[t])===null||s===void 0?void 0:s.labelAttachment;this.updateNode(t);var h=this.internals.nodeDataCache[t];this.internals.attachmentManager&&h.labelAttachment!==c&&this.internals.attachmentManager.invalidateNode(t);var f;this.internals.nodeShapeMap&&this.internals.nodeGlobalShapeIds&&h.shape&&h.shape in this.internals.nodeShapeMap?f=this.internals.nodeGlobalShapeIds[this.internals.nodeShapeMap[h.shape]]:f=Nn(h.shape||"circle"),(l=this.internals.nodeDataTexture).updateNode.apply(l,[t,h.x,h.y,h.size,f].concat(Q(Sa(h)),[h.color])),u&&h.depth!==u&&this.updateNodeDepthRanges(t,u,h.depth);var g=this.nodeProgramIndex[t];return g!==void 0&&(this.addNodeToProgram(t,g),this.nodeProgram.invalidateBuffers()),d!==void 0&&h.zIndex!==d}var p=this.internals.graph.getNodeAttributes(t),m=this.stateManager.getNodeState(t),v=r.size,y=r.shape,b=r.depth,x=r.zIndex,_=r.labelAttachment,E=r.rotationAlignment,w=r.labelRotationAlignment,A=r.color;Lr(this.stylesDeclaration.nodes,p,m,this.stateManager.graphState,this.internals.graph,r),this.postEvaluateNode(r,p,m);var S=this.nodeGraphCoords[t],L=r.x!==S.x||r.y!==S.y;if(L&&(S.x=r.x,S.y=r.y),this.normalizationFunction.applyTo(r),this.internals.nodeShapeMap?(!r.shape||!(r.shape in this.internals.nodeShapeMap))&&(r.shape=Object.keys(this.internals.nodeShapeMap)[0]):this.nodeShapeSlug&&(r.shape=this.nodeShapeSlug),this.internals.attachmentManager&&r.labelAttachment!==_&&this.internals.attachmentManager.invalidateNode(t),Nt(this.internals.nodesWithForcedLabels,t,xt(r)),Nt(this.internals.nodesWithBackdrop,t,Ir(r)),L||r.size!==v||r.shape!==y||r.rotationAlignment!==E||r.labelRotationAlignment!==w||r.color!==A){var G,C;this.internals.nodeShapeMap&&this.internals.nodeGlobalShapeIds&&r.shape&&r.shape in this.internals.nodeShapeMap?C=this.internals.nodeGlobalShapeIds[this.internals.nodeShapeMap[r.shape]]:C=Nn(r.shape||"circle"),(G=this.internals.nodeDataTexture).updateNode.apply(G,[t,r.x,r.y,r.size,C].concat(Q(Sa(r)),[r.color]))}this.itemBuckets.nodes.set(t,r.depth),r.depth!==b&&this.updateNodeDepthRanges(t,b,r.depth);var N=this.nodeProgramIndex[t];return N!==void 0&&(this.addNodeToProgram(t,N),this.nodeProgram.invalidateBuffers()),r.zIndex!==x}},{key:"refreshEdgeState",value:function(t){var r=this.internals.edgeDataCache[t];if(!r||this.edgeReducer){var i=r?.depth,o=r?.zIndex;this.updateEdge(t);var s=this.internals.edgeDataCache[t];i&&s.depth!==i&&this.updateEdgeDepthRanges(t,i,s.depth);var l=this.edgeProgramIndex[t];return l!==void 0&&(this.addEdgeToProgram(t,l),this.edgeProgram.invalidateBuffers()),o!==void 0&&s.zIndex!==o}var u=this.internals.graph.getEdgeAttributes(t),d=this.stateManager.getEdgeState(t),c=r.depth,h=r.zIndex,f=r.size,g=r.path,p=r.selfLoopPath,m=r.parallelPath,v=r.head,y=r.tail;Cr(this.stylesDeclaration.edges,u,d,this.stateManager.graphState,this.internals.graph,r),this.postEvaluateEdge(r,u),this.applyEdgeSpread(t,r,d),Nt(this.internals.edgesWithForcedLabels,t,xt(r)),this.itemBuckets.edges.set(t,r.depth),r.depth!==c&&this.updateEdgeDepthRanges(t,c,r.depth);var b=this.edgeProgramIndex[t];if(b!==void 0){var x=r.size!==f||r.path!==g||r.selfLoopPath!==p||r.parallelPath!==m||r.head!==v||r.tail!==y;if(x)this.addEdgeToProgram(t,b),this.edgeProgram.invalidateBuffers();else{var _=this.internals.graph.source(t),E=this.internals.graph.target(t),w=this.internals.nodeDataCache[_],A=this.internals.nodeDataCache[E],S=this.edgeTextureIndexCache[t];this.edgeProgram.process($t(this.pickingState,"edge",t),b,w,A,r,S),this.edgeProgram.invalidateBuffers()}}return r.zIndex!==h}},{key:"refresh",value:function(t){var r=this,i=t?.skipIndexation!==void 0?t?.skipIndexation:!1,o=t?.schedule!==void 0?t.schedule:!1,s=!t||!t.partialGraph;if(s)this.clearEdgeIndices(),this.clearNodeIndices(),this.internals.graph.forEachNode(function(w){return r.addNode(w)}),this.edgeGroups.rebuild(),this.internals.graph.forEachEdge(function(w){return r.addEdge(w)}),this.pendingProcess="full";else{for(var l,u,d=((l=t.partialGraph)===null||l===void 0?void 0:l.nodes)||[],c=0,h=d?.length||0;c<h;c++){var f,g,p=""+d[c],m=(f=this.internals.nodeDataCache[p])===null||f===void 0?void 0:f.labelAttachment;if(this.updateNode(p),this.internals.attachmentManager&&((g=this.internals.nodeDataCache[p])!==null&&g!==void 0&&g.labelAttachment||m)&&this.internals.attachmentManager.invalidateNode(p),i){var v=this.nodeProgramIndex[p];if(v===void 0)throw new Error('Sigma: node "'.concat(p,`" can't be repaint`));this.addNodeToProgram(p,v)}}i&&d.length>0&&(this.nodeProgram.invalidateBuffers(),this.labelRenderer.labelsDirty=!0);for(var y=(t==null||(u=t.partialGraph)===null||u===void 0?void 0:u.edges)||[],b=0,x=y.length;b<x;b++){var _=""+y[b];if(this.updateEdge(_),i){var E=this.edgeProgramIndex[_];if(E===void 0)throw new Error('Sigma: edge "'.concat(_,`" can't be repaint`));this.addEdgeToProgram(_,E)}}i&&y.length>0&&(this.edgeProgram.invalidateBuffers(),this.labelRenderer.labelsDirty=!0),!i&&this.pendingProcess!=="full"&&(this.pendingProcess=y.length>0?"full":"nodes")}return o?this.scheduleRender():this.render(),this}},{key:"scheduleRender",value:function(){var t=this;return this.renderFrame||(this.renderFrame=requestAnimationFrame(function(){t.render()})),this}},{key:"scheduleRefresh",value:function(t){return this.refresh($($({},t),{},{schedule:!0}))}},{key:"getViewportZoomedState",value:function(t,r){var i=this.camera.getState(),o=i.ratio,s=i.angle,l=i.x,u=i.y,d=this.internals.settings,c=d.minCameraRatio,h=d.maxCameraRatio;typeof h=="number"&&(r=Math.min(r,h)),typeof c=="number"&&(r=Math.max(r,c));var f=r/o,g={x:this.width/2,y:this.height/2},p=this.viewportToFramedGraph(t),m=this.viewportToFramedGraph(g);return{angle:s,x:(p.x-m.x)*(1-f)+l,y:(p.y-m.y)*(1-f)+u,ratio:r}}},{key:"viewRectangle",value:function(){var t=this.viewportToFramedGraph({x:0,y:0}),r=this.viewportToFramedGraph({x:this.width,y:0}),i=this.viewportToFramedGraph({x:0,y:this.height});return{x1:t.x,y1:t.y,x2:r.x,y2:r.y,height:r.y-i.y}}},{key:"framedGraphToViewport",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{},i=!!r.cameraState||!!r.viewportDimensions||!!r.graphDimensions||!!r.padding,o=r.matrix||(i?yt(r.cameraState||this.camera.getState(),r.viewportDimensions||this.getDimensions(),r.graphDimensions||this.getGraphDimensions(),r.padding||this.getStagePadding()):this.matrix),s=rn(o,t);return{x:(1+s.x)*this.width/2,y:(1-s.y)*this.height/2}}},{key:"viewportToFramedGraph",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{},i=!!r.cameraState||!!r.viewportDimensions||!!r.graphDimensions||!!r.padding,o=r.matrix||(i?yt(r.cameraState||this.camera.getState(),r.viewportDimensions||this.getDimensions(),r.graphDimensions||this.getGraphDimensions(),r.padding||this.getStagePadding(),!0):this.invMatrix),s=rn(o,{x:t.x/this.width*2-1,y:1-t.y/this.height*2});return isNaN(s.x)&&(s.x=0),isNaN(s.y)&&(s.y=0),s}},{key:"viewportToGraph",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{};return this.normalizationFunction.inverse(this.viewportToFramedGraph(t,r))}},{key:"graphToViewport",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{};return this.framedGraphToViewport(this.normalizationFunction(t),r)}},{key:"graphToFramedGraph",value:function(t){return this.normalizationFunction(t)}},{key:"framedGraphToGraph",value:function(t){return this.normalizationFunction.inverse(t)}},{key:"getGraphToViewportRatio",value:function(){var t={x:0,y:0},r={x:1,y:1},i=Math.sqrt(Math.pow(t.x-r.x,2)+Math.pow(t.y-r.y,2)),o=this.graphToViewport(t),s=this.graphToViewport(r),l=Math.sqrt(Math.pow(o.x-s.x,2)+Math.pow(o.y-s.y,2));return l/i}},{key:"computeNodeExtent",value:function(){var t=this.nodeGraphCoords,r=Object.keys(t);if(!r.length)return{x:[0,1],y:[0,1]};for(var i=1/0,o=-1/0,s=1/0,l=-1/0,u=0,d=r.length;u<d;u++){var c=t[r[u]],h=c.x,f=c.y;h<i&&(i=h),h>o&&(o=h),f<s&&(s=f),f>l&&(l=f)}return{x:[i,o],y:[s,l]}}},{key:"getBBox",value:function(){return this.nodeExtent}},{key:"getCustomBBox",value:function(){return this.customBBox}},{key:"setCustomBBox",value:function(t){return this.customBBox=t,this.scheduleRender(),this}},{key:"kill",value:function(){var t,r,i,o,s;this.emit("kill"),this.removeAllListeners(),this.camera.cancelAnimation(),this.unbindCameraHandlers(),window.removeEventListener("resize",this.activeListeners.handleResize),this.mouseCaptor.kill(),this.touchCaptor.kill(),this.internals.hoverResolver.kill(),this.unbindGraphHandlers(),this.clearIndices(),this.clearState(),this.internals.nodeDataCache={},this.internals.edgeDataCache={},this.renderFrame&&(cancelAnimationFrame(this.renderFrame),this.renderFrame=null);for(var l=this.container;l.firstChild;)l.removeChild(l.firstChild);this.nodeProgram.kill(),this.nodeFramePass.kill(),this.edgeProgram.kill(),this.edgeFramePass.kill(),this.internals.labelProgram.kill(),(t=this.internals.edgeLabelProgram)===null||t===void 0||t.kill(),(r=this.internals.edgeLabelBackgroundProgram)===null||r===void 0||r.kill(),this.internals.backdropProgram.kill(),this.internals.labelBackgroundProgram.kill(),(i=this.internals.attachmentProgram)===null||i===void 0||i.kill(),(o=this.internals.attachmentManager)===null||o===void 0||o.kill(),this.internals.attachmentProgram=null,this.internals.attachmentManager=null;var u=B(this.customLayerPrograms.values()),d;try{for(u.s();!(d=u.n()).done;){var c=d.value.program;c.kill()}}catch(g){u.e(g)}finally{u.f()}if(this.customLayerPrograms.clear(),this.sdfAtlas&&(this.sdfAtlas=null),this.internals.nodeDataTexture&&(this.internals.nodeDataTexture.kill(),this.internals.nodeDataTexture=null),this.internals.nodeFrameTexture&&(this.internals.nodeFrameTexture.kill(),this.internals.nodeFrameTexture=null),this.internals.edgeDataTexture&&(this.internals.edgeDataTexture.kill(),this.internals.edgeDataTexture=null),this.internals.edgeFrameTexture&&(this.internals.edgeFrameTexture.kill(),this.internals.edgeFrameTexture=null),this.webGLContext){var h;(h=this.webGLContext.getExtension("WEBGL_lose_context"))===null||h===void 0||h.loseContext(),this.webGLContext=null}(s=this.gestureHint)===null||s===void 0||s.kill(),this.gestureHint=null,this.mouseLayer.remove();for(var f in this.extraElements)this.extraElements[f].remove();this.extraElements={}}},{key:"scaleSize",value:function(){var t=arguments.length>0&&arguments[0]!==void 0?arguments[0]:1,r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:this.camera.ratio;return t/this.internals.settings.zoomToSizeRatioFunction(r)*(this.getSetting("itemSizesReference")==="positions"?r*this.graphToViewportRatio:1)}},{key:"getStageCanvas",value:function(){return this.stageCanvas}},{key:"getMouseLayer",value:function(){return this.mouseLayer}}])})(Ea),Gs=kf;var zv=Qe(Ft());var Ov=Qe(Ft());var Cl=Qe(Us()),pi=Qe(Ks()),kl=Qe(xl()),Ce=document.getElementById("graph-app"),fg=Ce?Ce.dataset.case:null,Pl=a=>`/cases/${encodeURIComponent(fg)}/api/graph/${a}`,Il=()=>document.querySelector('meta[name="csrf-token"]').content,Ja=["#1f77b4","#d62728","#2ca02c","#9467bd","#ff7f0e","#17becf","#8c564b","#e377c2","#7f7f7f","#bcbd22"],Za={},er={"TLP:CLEAR":0,"TLP:GREEN":1,"TLP:AMBER":2,"TLP:AMBER+STRICT":3,"TLP:RED":4},Fl=3e3,gg=.15,H=new fe({multi:!1,type:"undirected"}),U={highlighted:new Set,expanded:new Map,selected:null,layout:null,filters:{schema:"",from:"",until:"",weight:0,tlp:"",measure:"degree"},marked:new Set,path:null,removed:null,groups:new Map,groupCount:0,window:null,communities:null,layoutCopy:null,frameMs:0,drawn:Promise.resolve()},qn=864e5,re=null;function ee(a,n,e){let t=document.createElement(a);return n!=null&&(t.textContent=String(n)),e&&(t.className=e),t}function be(a,n=!1){let e=document.getElementById("graph-status");e.textContent=a,e.classList.toggle("error",n)}async function Lt(a,n={}){let e={Accept:"application/json",...n.headers||{}};n.method&&n.method!=="GET"&&(e["X-CSRF-Token"]=Il());let t=await fetch(Pl(a),{...n,headers:e,credentials:"same-origin"}),r=null;try{r=await t.json()}catch{r=null}if(!t.ok)throw new Error(r&&r.error||`the workspace answered ${t.status}`);return r}function Gl(a){return Za[a]||(Za[a]=Ja[Object.keys(Za).length%Ja.length]),Za[a]}function Yn(a,n){if(H.hasNode(a.id))return!1;let e=n&&H.hasNode(n)?H.getNodeAttributes(n):{x:0,y:0},t=Math.random()*2*Math.PI;return H.addNode(a.id,{label:a.name,schema:a.schema||"Thing",handling_code:a.handling_code||"",first:a.first||null,last:a.last||null,note:a.note||"",group:a.group||!1,x:a.x??e.x+Math.cos(t)*(n?1:.1),y:a.y??e.y+Math.sin(t)*(n?1:.1),size:5,color:Gl(a.schema||"Thing")}),!0}function mi(a,n,e){if(a===n||!H.hasNode(a)||!H.hasNode(n))return;let t=H.edge(a,n);if(t){let r=new Set(String(H.getEdgeAttribute(t,"kind")).split(", "));r.add(e.kind),H.mergeEdgeAttributes(t,{kind:[...r].join(", "),weight:Math.max(H.getEdgeAttribute(t,"weight"),e.weight)});return}H.addEdge(a,n,{kind:e.kind,weight:e.weight||1,first:e.first||null,last:e.last||null,size:1,color:"#9aa5b5"})}function qt(a){if(!re)return a();re.unbindGraphHandlers();try{return a()}finally{re.bindGraphHandlers()}}async function zl(a){return U.expanded.has(a)||U.expanded.set(a,await Lt(`neighbours?entity=${encodeURIComponent(a)}`)),U.expanded.get(a)}async function Nl(a){try{let n=await zl(a);Yn({...n.entity}),yi(n.entity.id),dt(!0)}catch(n){be(n.message,!0)}}function Tl(a,n){let e=U.expanded.get(a);if(!e)return 0;let t=0;return qt(()=>{for(let r of e.neighbours)n&&r.kind!==n||(Yn(r,a)&&(t+=1),mi(a,r.id,r))}),dt(!0),be(`${t.toLocaleString()} added${n?` by ${n}`:""}`),t}async function yi(a){U.selected=a;let n=document.getElementById("graph-selected");n.replaceChildren(ee("p","Loading the links\u2026","hint"));let e;if(H.hasNode(a)&&H.getNodeAttribute(a,"group")){Sl(a);return}try{e=await zl(a)}catch(f){n.replaceChildren(ee("p",f.message,"error"));return}if(!H.hasNode(a))return;let t=H.getNodeAttributes(a);if(t.group){Sl(a);return}let r=ee("h2",t.label),i=ee("span",t.handling_code,`tlp tlp-${(t.handling_code||"").replace("TLP:","").replace("+","-").toLowerCase()}`),o=ee("p",null,"muted");o.id="selected-facts",bi(o,a);let s=ee("ul",null,"graph-kinds"),l={};for(let f of e.neighbours)l[f.kind]=(l[f.kind]||0)+1;for(let[f,g]of Object.entries(e.kinds)){let p=ee("li"),m=ee("button",`${f} ${g.toLocaleString()}`);m.type="button",m.dataset.kind=f,m.addEventListener("click",()=>Tl(a,f)),p.append(m),(l[f]||0)<g&&p.append(ee("span",` showing ${(l[f]||0).toLocaleString()} of ${g.toLocaleString()}`,"muted")),s.append(p)}let u=ee("button","Expand every kind");u.type="button",u.id="btn-expand-all",u.addEventListener("click",()=>Tl(a,null));let d=ee("button","Remove from chart");d.type="button",d.addEventListener("click",()=>{H.dropNode(a),U.selected=null,n.replaceChildren(),dt(!1)});let c=ee("button",U.marked.has(a)?"Unmark":"Mark");c.type="button",c.id="btn-mark",c.addEventListener("click",()=>{gi(a),c.textContent=U.marked.has(a)?"Unmark":"Mark"});let h=[c];if(U.communities&&U.communities[a]!==void 0){let f=ee("button","Group its community");f.type="button",f.id="btn-group-community",f.addEventListener("click",()=>{let g=U.communities[a];vi(H.filterNodes(p=>U.communities[p]===g&&!H.getNodeAttribute(p,"group")))}),h.push(f)}n.replaceChildren(r,i,o,s,u,d,...h,vg(a)),e.withheld&&n.append(ee("p",`${e.withheld.toLocaleString()} values or links above your clearance are not shown`,"muted"))}function bi(a,n){let e=H.getNodeAttributes(n);a.textContent=`${e.schema} \xB7 ${H.degree(n).toLocaleString()} links on the chart`}function vg(a){let n=ee("div"),e=ee("label","Note on this node");e.htmlFor="node-note";let t=ee("textarea",null,"graph-note");return t.id="node-note",t.rows=2,t.value=H.getNodeAttribute(a,"note")||"",t.addEventListener("input",()=>{H.hasNode(a)&&H.setNodeAttribute(a,"note",t.value),re&&re.refresh()}),n.append(e,t),n}function gi(a){U.marked.has(a)?U.marked.delete(a):U.marked.add(a),rr()}function rr(){for(let n of[...U.marked])H.hasNode(n)||U.marked.delete(n);let a=[...U.marked].map(n=>H.getNodeAttribute(n,"label"));document.getElementById("marked-list").textContent=a.length?`${a.length.toLocaleString()} marked: ${a.join(", ")}`:"None marked.",Ce.dataset.marked=[...U.marked].join(`
`),re&&re.refresh()}function pg(a){let n=a.first?a.first===a.last?a.first:`${a.first} to ${a.last}`:"undated";return`${a.kinds.join(", ")||"link"} \xB7 ${n} \xB7 ${a.ties.toLocaleString()} ${a.ties===1?"tie":"ties"}`}async function mg(){let a=[...U.marked],n=document.getElementById("graph-path");if(a.length!==2||a.some(l=>H.getNodeAttribute(l,"group"))){be("mark exactly two nodes (not groups) for a path",!0);return}be("finding the path\u2026");let e;try{e=await Lt(`path?source=${encodeURIComponent(a[0])}&target=${encodeURIComponent(a[1])}`)}catch(l){be(l.message,!0);return}let t=ee("h2",`Path: ${e.source.name} to ${e.target.name}`);if(!e.paths.length){U.path=null,n.replaceChildren(t,ee("p",e.reason)),be(e.reason),re&&re.refresh();return}let r=e.paths[0],i=ee("ol"),o=new Set,s=0;for(let l of r.hops){Yn({id:l.target.id,name:l.target.name},l.source.id)&&(s+=1),Yn({id:l.source.id,name:l.source.name},l.target.id)&&(s+=1),mi(l.source.id,l.target.id,{kind:l.kinds.join(", "),weight:l.ties,first:l.first,last:l.last}),o.add(H.edge(l.source.id,l.target.id));let u=ee("li");u.append(ee("strong",`${l.source.name} \u2014 ${l.target.name}`),ee("br"),ee("span",pg(l),"muted"));let d=ee("ul");for(let c of l.evidence){let h=c.first?c.first===c.last?`, ${c.first}`:`, ${c.first} to ${c.last}`:"",f=ee("li",`${c.file}, ${c.row} (${c.kind}${h})`);f.title=`sha256 ${c.sha256}`,d.append(f)}l.ties>l.evidence.length&&d.append(ee("li",`showing ${l.evidence.length.toLocaleString()} of ${l.ties.toLocaleString()} ties`,"muted")),u.append(d),i.append(u)}U.path={nodes:new Set(r.nodes),edges:o},Ce.dataset.path=r.nodes.join(`
`),n.replaceChildren(t,ee("p",`${r.hops.length.toLocaleString()} ${r.hops.length===1?"hop":"hops"} on the network you may read${e.note?`; ${e.note}`:""}`,"muted"),i),dt(!0),be(`path of ${r.hops.length} hops drawn${s?`, ${s} actors added to the chart`:""}`)}function El(a){let n=new Set(a),e=[];return H.forEachNode(t=>{if(n.has(t))return;n.add(t);let r=0,i=[t];for(;i.length;){let o=i.pop();r+=1,H.forEachNeighbor(o,s=>{n.has(s)||(n.add(s),i.push(s))})}e.push(r)}),e.sort((t,r)=>r-t)}function yg(){let a=document.getElementById("graph-disruption");if(!U.marked.size){be("mark the actors to remove first",!0);return}let n=new Set(U.marked),e=El(new Set),t=El(n);U.removed=n;let r=ee("table"),i=(l,u="td")=>{let d=ee("tr");for(let c of l)d.append(ee(u,c));return d};r.append(i(["","before","after"],"th"),i(["actors",H.order.toLocaleString(),(H.order-n.size).toLocaleString()]),i(["largest component",(e[0]||0).toLocaleString(),(t[0]||0).toLocaleString()]),i(["components",e.length.toLocaleString(),t.length.toLocaleString()]));let o=[...n].map(l=>H.getNodeAttribute(l,"label")).join(", "),s=ee("button","End the preview");s.type="button",s.id="btn-disrupt-end",s.addEventListener("click",()=>{U.removed=null,a.replaceChildren(),delete Ce.dataset.disruption,re&&re.refresh(),Zn()}),a.replaceChildren(ee("h2","Disruption preview"),ee("p",`Removing ${o}:`),r,ee("p","A preview on the chart's graph only, not on the case's network: 'tnoc network disrupt' is the case-wide analysis.","muted"),s),Ce.dataset.disruption=JSON.stringify({before:[e[0]||0,e.length],after:[t[0]||0,t.length]}),re&&re.refresh(),Zn()}function bg(a){let n=a.slice(0,3).join(", ");return`${a.length} grouped: ${n}${a.length>3?` and ${a.length-3} more`:""}`}function vi(a){let n=a.filter(d=>H.hasNode(d)&&!H.getNodeAttribute(d,"group"));if(n.length<2)return be("mark two nodes or more (not groups) to group them",!0),null;U.groupCount+=1;let e=`group-${U.groupCount}`,t=new Set(n),r={members:n.map(d=>({id:d,attrs:{...H.getNodeAttributes(d)}})),edges:[]},i=new Set,o=0,s=0;for(let d of n){let c=H.getNodeAttributes(d);o+=c.x/n.length,s+=c.y/n.length,H.forEachEdge(d,(h,f,g,p)=>{i.has(h)||(i.add(h),r.edges.push({source:g,target:p,attrs:{...f}}))})}let u=n.map(d=>H.getNodeAttribute(d,"handling_code")).reduce((d,c)=>(er[c]??-1)>(er[d]??-1)?c:d,"");H.addNode(e,{label:bg(n.map(d=>H.getNodeAttribute(d,"label"))),schema:"Group",group:!0,handling_code:u,first:null,last:null,note:"",x:o,y:s,size:8,color:"#444"});for(let d of r.edges){let c=t.has(d.source)?d.target:d.source;if(t.has(c))continue;let h=H.edge(e,c);if(h){let f=H.getEdgeAttributes(h),g=new Set([...String(f.kind).split(", "),...String(d.attrs.kind).split(", ")]);H.mergeEdgeAttributes(h,{kind:[...g].join(", "),weight:f.weight+(d.attrs.weight||1),first:[f.first,d.attrs.first].filter(Boolean).sort()[0]||null,last:[f.last,d.attrs.last].filter(Boolean).sort().pop()||null})}else H.addEdge(e,c,{...d.attrs})}for(let d of n)H.dropNode(d),U.marked.delete(d);return U.groups.set(e,r),U.marked.clear(),rr(),dt(!1),yi(e),be(`${n.length} nodes grouped`),e}function tr(a){if(H.hasNode(a))return a;for(let[n,e]of U.groups)if(e.members.some(t=>t.id===a))return tr(n);return null}function _g(a){let n=U.groups.get(a);if(n){H.dropNode(a),U.groups.delete(a);for(let e of n.members)H.addNode(e.id,{...e.attrs});for(let e of n.edges){let[t,r]=[tr(e.source),tr(e.target)];t&&r&&t!==r&&!H.hasEdge(t,r)&&H.addEdge(t,r,{...e.attrs})}U.selected=null,document.getElementById("graph-selected").replaceChildren(),dt(!1),be(`${n.members.length} nodes expanded from the group`)}}function Sl(a){U.selected=a;let n=document.getElementById("graph-selected"),e=U.groups.get(a),t=ee("p",null,"muted");t.id="selected-facts",bi(t,a);let r=ee("ul",null,"graph-kinds");for(let o of e.members)r.append(ee("li",o.attrs.label));let i=ee("button","Expand the group");i.type="button",i.id="btn-expand-group",i.addEventListener("click",()=>_g(a)),n.replaceChildren(ee("h2",H.getNodeAttribute(a,"label")),t,r,i)}function _i(){let a=[],n=[],e=t=>{for(let r of U.groups.get(t).members)r.attrs.group?e(r.id):a.push({id:r.id,...r.attrs});for(let r of U.groups.get(t).edges)!String(r.source).startsWith("group-")&&!String(r.target).startsWith("group-")&&n.push({source:r.source,target:r.target,...r.attrs})};return H.forEachNode((t,r)=>{r.group?e(t):a.push({id:t,...r})}),H.forEachEdge((t,r,i,o,s,l)=>{!s.group&&!l.group&&n.push({source:i,target:o,...r})}),{nodes:a,edges:n}}function Qn(){return{schema:document.getElementById("f-schema").value,from:document.getElementById("f-from").value,until:document.getElementById("f-until").value,weight:Number(document.getElementById("f-weight").value||0),tlp:document.getElementById("f-tlp").value,measure:document.getElementById("f-measure").value}}function xg(a){for(let[n,e]of Object.entries(a||{})){let t=document.getElementById(`f-${n}`);t&&(t.value=e)}}function Wl(a,n){return!n.from&&!n.until||!a.first&&!a.last?!1:!!(n.from&&a.last&&a.last<n.from||n.until&&a.first&&a.first>=n.until)}function Tg(a){if(!U.window||!a.first&&!a.last)return!1;let[n,e]=U.window,t=r=>String(r).slice(0,10);return t(a.last||a.first)<n||t(a.first||a.last)>e}function xi(a,n,e){let[t,r]=H.extremities(a);return U.removed&&(U.removed.has(t)||U.removed.has(r))?!0:n.weight<e.weight||Wl(n,e)||Tg(n)||Kn(t,H.getNodeAttributes(t),e)||Kn(r,H.getNodeAttributes(r),e)}var Qa=a=>new Date(a).toISOString().slice(0,10);function Eg(){let a=null,n=null;H.forEachEdge((i,o)=>{for(let s of[o.first,o.last]){if(!s)continue;let l=String(s).slice(0,10);(!a||l<a)&&(a=l),(!n||l>n)&&(n=l)}});let e=document.getElementById("t-from"),t=document.getElementById("t-until");if(!a){e.max=t.max="0",e.disabled=t.disabled=!0,U.window=null,document.getElementById("t-from-day").textContent=document.getElementById("t-until-day").textContent="";return}e.disabled=t.disabled=!1;let r=Math.round((Date.parse(n)-Date.parse(a))/qn);if(e.dataset.low!==a||e.max!==String(r)){let i=!U.window||Number(e.value)===0&&Number(t.value)===Number(t.max);e.dataset.low=a,e.max=t.max=String(r),i&&(e.value="0",t.value=String(r))}Ol()}function Ol(){let a=document.getElementById("t-from"),n=document.getElementById("t-until");if(!a.dataset.low||a.disabled){U.window=null;return}let[e,t]=[Number(a.value),Number(n.value)];e>t&&([e,t]=[t,e]);let r=Date.parse(a.dataset.low),i=e===0&&t===Number(n.max);U.window=i?null:[Qa(r+e*qn),Qa(r+t*qn)],document.getElementById("t-from-day").textContent=Qa(r+e*qn),document.getElementById("t-until-day").textContent=Qa(r+t*qn)}function Kn(a,n,e){return e.schema&&n.schema!==e.schema||e.tlp&&(er[n.handling_code]??0)>er[e.tlp]?!0:Wl(n,e)}function Sg(){let a=Qn(),n=null;a.measure==="community"&&H.size>0&&(n=(0,kl.default)(H)),U.communities=n;let e=0;H.forEachNode(u=>{e+=Math.PI*(4+Math.sqrt(H.degree(u))*3)**2});let t=document.getElementById("graph-canvas"),r=t?t.clientWidth*t.clientHeight:0,i=r&&e?Math.min(1,Math.sqrt(gg*r/e)):1;H.updateEachNodeAttributes((u,d)=>(d.size=Math.max(1.5,(4+Math.sqrt(H.degree(u))*3)*i),d.color=n?Ja[n[u]%Ja.length]:Gl(d.schema),d));let o=new Set;H.forEachNode((u,d)=>o.add(d.schema));let s=document.getElementById("f-schema"),l=s.value;s.replaceChildren(ee("option","(all)")),s.firstChild.value="";for(let u of[...o].sort()){let d=ee("option",u);d.value=u,s.append(d)}s.value=l}function dt(a){let n=a&&H.order>=Ml?Ul():null;return n&&n.catch(()=>{}),U.filters=Qn(),qt(Sg),Eg(),Zn(),n?ar(Fl,{asking:n,refine:"where frames are cheap"}):(re&&(nr(),re.refresh(),U.drawn=Xn()),a?ar():U.drawn)}function Zn(){let a=Qn(),n=0;H.forEachNode((o,s)=>{Kn(o,s,a)||(n+=1)});let e=0;H.forEachEdge((o,s)=>{xi(o,s,a)||(e+=1)}),document.getElementById("graph-counts").textContent=`showing ${n.toLocaleString()} of ${H.order.toLocaleString()} nodes, ${e.toLocaleString()} of ${H.size.toLocaleString()} links`;let[t,r]=[document.getElementById("t-from-day").textContent,document.getElementById("t-until-day").textContent];document.getElementById("t-counts").textContent=t?`${e.toLocaleString()} of ${H.size.toLocaleString()} links shown, dated ${t} to ${r} or undated`:"no dated links on the chart",Ce.dataset.links=String(e);let i=document.getElementById("selected-facts");i&&U.selected&&H.hasNode(U.selected)&&bi(i,U.selected)}var wg=3,Ml=1e3,hi=100,wl=500,Ag=50,Rg=.01,Bl=100;function Xn(){let a=performance.now();return new Promise(n=>requestAnimationFrame(()=>requestAnimationFrame(()=>{U.frameMs=performance.now()-a,n()})))}function nr(){let a=U.frameMs>Bl;re&&re.getSetting("hideEdgesOnMove")!==a&&re.setSetting("hideEdgesOnMove",a)}function fi(a){nr(),H.updateEachNodeAttributes((n,e)=>{if(a.hasNode(n)){let t=a.getNodeAttributes(n);e.x=t.x,e.y=t.y}return e},{attributes:["x","y"]})}async function Ul(){let a=H.nodes(),n=new Map(a.map((r,i)=>[r,i])),e=H.mapEdges((r,i,o,s)=>[n.get(o),n.get(s)]),t=await Lt("layout",{method:"POST",body:JSON.stringify({order:a.length,links:e}),headers:{"Content-Type":"application/json"}});return{number:n,positions:t.positions}}function Dg({number:a,positions:n}){qt(()=>H.updateEachNodeAttributes((e,t)=>{let r=a.get(e);if(r!==void 0){let[i,o]=n[r];t.x=i,t.y=o}return t},{attributes:["x","y"]}))}function Hl(a){return{...pi.default.inferSettings(a),barnesHutOptimize:a.order>500}}function Lg(a,n){let e=new Map;a.forEachNode(d=>e.set(d,1)),a.forEachEdge((d,c,h,f)=>{let g=c.weight||1;e.set(h,e.get(h)+g),e.set(f,e.get(f)+g)});let t=0,r=0,i=0,o=0;a.forEachNode((d,c)=>{let h=e.get(d);t+=h*c.x,r+=h*c.y,i+=h,o+=h*h}),t/=i,r/=i;let s=0;a.forEachNode((d,c)=>{s+=n.gravity*e.get(d)*((c.x-t)**2+(c.y-r)**2)}),a.forEachEdge((d,c,h,f,g,p)=>{s+=(c.weight||1)*((g.x-p.x)**2+(g.y-p.y)**2)});let l=n.scalingRatio*(i*i-o)/2,u=s>0?Math.sqrt(l/s):1;return a.updateEachNodeAttributes((d,c)=>(c.x=(c.x-t)*u,c.y=(c.y-r)*u,c),{attributes:["x","y"]}),u}function Al(a){let n=new Float64Array(a.order),e=new Float64Array(a.order),t=0,r=0,i=0;a.forEachNode((l,u)=>{n[t]=u.x,e[t]=u.y,r+=u.x,i+=u.y,t+=1}),r/=a.order,i/=a.order;let o=0;for(let l=0;l<t;l+=1)o+=(n[l]-r)**2+(e[l]-i)**2;let s=Math.sqrt(o/a.order)||1;for(let l=0;l<t;l+=1)n[l]=(n[l]-r)/s,e[l]=(e[l]-i)/s;return{xs:n,ys:e,at:performance.now()}}function Cg(a,n){let e=0;for(let t=0;t<a.xs.length;t+=1)e+=Math.hypot(a.xs[t]-n.xs[t],a.ys[t]-n.ys[t]);return e/a.xs.length}async function ar(a=Fl,{asking:n=null,refine:e="always"}={}){if(H.order<2){re&&(re.refresh(),await Xn()),Ce.dataset.layout="done";return}U.layout&&!U.layout.killed&&(U.layout.kill(),U.layoutCopy&&fi(U.layoutCopy));let t=H.order>=Ml,r={killed:!1,kill(){this.killed=!0}};U.layout=r,U.layoutCopy=null,Ce.dataset.layout="running";let i={started:performance.now(),fromServer:!1,layout:0,first:null},o=null;if(t)try{o=await(n||Ul())}catch(p){U.layout===r&&be(`${p.message}; laid out from the positions drawn`,!0)}if(i.server=performance.now()-i.started,U.layout!==r)return;if(o&&H.order===o.number.size&&(Dg(o),i.fromServer=!0),i.fromServer&&e!=="always"){let p=performance.now();if(re&&(nr(),re.refresh()),await(U.drawn=Xn()),i.first=performance.now()-p,i.draw=0,U.timing=i,U.layout!==r)return;if(!re||U.frameMs>Bl){r.kill(),Ce.dataset.layout="done";return}}let s=new fe({multi:!1,type:"undirected"});s.import({nodes:H.mapNodes((p,m)=>({key:p,attributes:{x:m.x,y:m.y}})),edges:H.mapEdges((p,m,v,y)=>({source:v,target:y,attributes:{weight:m.weight||1}}))});let l=Hl(s);Lg(s,l);let u=new Cl.default(s,{settings:l});U.layout=u,U.layoutCopy=s;let d=0;u.worker.addEventListener("message",()=>{d+=1}),u.start();let c=performance.now()+a,h=()=>U.layout===u&&!u.killed,f=()=>{if(!h())return;let p=performance.now()+Math.max(60,wg*(U.frameMs||0));p>=c||setTimeout(()=>{!h()||performance.now()>=c||(fi(s),Xn().then(f))},p-performance.now())};if((!t||i.first!==null)&&U.drawn.then(f),await new Promise(p=>{let m=[Al(s)],v=()=>{if(!h()){p();return}let y=Al(s);for(;m.length>1&&m[1].at<=y.at-wl;)m.shift();if(d>=Ag&&y.at-m[0].at>=wl&&Cg(y,m[0])<Rg||performance.now()+hi>=c){p();return}m.push(y),setTimeout(v,hi)};setTimeout(v,Math.min(hi,a))}),!h())return;u.kill(),i.layout=performance.now()-i.started-i.server-(i.first||0),i.iterations=d;let g=performance.now();qt(()=>fi(s)),re&&(nr(),re.refresh()),await(U.drawn=Xn()),i.draw=performance.now()-g,U.timing=i,U.layout===u&&(Ce.dataset.layout="done")}async function Rl(a,n){be(`${n}\u2026`);try{let e=await Lt(a,{method:"POST",body:JSON.stringify({nodes:_i().nodes.map(i=>i.id)}),headers:{"Content-Type":"application/json"}});U.highlighted=new Set(e.members.map(i=>i.id));let t=e.members.filter(i=>tr(i.id)).length,r=e.members.map(i=>i.name).join(", ");be(e.members.length?`${n} of ${e.actors.toLocaleString()} actors: ${r} (${t} on the chart)${e.note?`; ${e.note}`:""}`:`no ${n.toLowerCase()} in the network you may read`),Ce.dataset.highlighted=[...U.highlighted].join(`
`),re&&re.refresh()}catch(e){be(e.message,!0)}}function kg(a,n){let e=_i(),t=e.nodes.map(i=>({id:i.id,label:i.label,schema:i.schema,handling_code:i.handling_code,first:i.first,last:i.last,x:i.x,y:i.y,...i.note?{note:i.note}:{}})),r=e.edges.map(i=>({source:i.source,target:i.target,kind:i.kind,weight:i.weight,first:i.first,last:i.last}));return{name:a,notes:n,nodes:t,edges:r,filters:Qn()}}async function Pg(a){a.preventDefault();let n=document.getElementById("chart-name").value.trim(),e=document.getElementById("chart-notes").value;try{let t=await Lt("charts",{method:"POST",body:JSON.stringify(kg(n,e)),headers:{"Content-Type":"application/json"}});be(`chart "${t.name}" saved: ${t.nodes.toLocaleString()} nodes`),await Ig()}catch(t){be(t.message,!0)}}async function Ig(){let a=await Lt("charts"),n=document.getElementById("graph-charts");n.replaceChildren();for(let e of a){let t=ee("li"),r=ee("a",e.name);r.href=`?chart=${encodeURIComponent(e.name)}`,r.dataset.chart=e.name,t.append(r,ee("span",` ${e.nodes.toLocaleString()} nodes \xB7 ${e.saved_by} \xB7 ${e.saved_at}`,"muted")),n.append(t)}a.length||n.append(ee("li","None yet.","muted"))}async function Dl(a){try{let n=await Lt(`charts/${encodeURIComponent(a)}`);H.clear(),U.expanded.clear(),U.groups.clear(),U.marked.clear(),U.path=null,U.removed=null,rr(),qt(()=>{for(let e of n.nodes)Yn({...e,name:e.label});for(let e of n.edges)mi(e.source,e.target,e)}),xg(n.filters),document.getElementById("chart-name").value=n.name,document.getElementById("chart-notes").value=n.notes||"",dt(!1),re&&re.getCamera().reset(),be(`chart "${n.name}" by ${n.saved_by}, ${n.saved_at}`+(n.withheld?`; ${n.withheld} nodes above your clearance left out`:"")),Ce.dataset.chartOpen=n.name}catch(n){be(n.message,!0)}}function Ti(a,n){let e=ee("a");e.href=n,e.download=a,document.body.append(e),e.click(),e.remove()}function Fg(){re.refresh();let a=re.getStageCanvas(),n=document.createElement("canvas");n.width=a.width,n.height=a.height;let e=n.getContext("2d");e.fillStyle="#ffffff",e.fillRect(0,0,n.width,n.height);for(let t of document.querySelectorAll("#graph-canvas canvas"))e.drawImage(t,0,0,n.width,n.height);Ti("chart.png",n.toDataURL("image/png"))}function Gg(){let a=Qn(),{width:n,height:e}=re.getDimensions(),t="http://www.w3.org/2000/svg",r=document.createElementNS(t,"svg");r.setAttribute("xmlns",t),r.setAttribute("width",n),r.setAttribute("height",e);let i=s=>re.graphToViewport(H.getNodeAttributes(s));H.forEachEdge((s,l,u,d,c,h)=>{if(xi(H.edge(u,d),l,a))return;let[f,g]=[i(u),i(d)],p=document.createElementNS(t,"line");for(let[m,v]of Object.entries({x1:f.x,y1:f.y,x2:g.x,y2:g.y,stroke:"#9aa5b5"}))p.setAttribute(m,v);r.append(p)}),H.forEachNode((s,l)=>{if(Kn(s,l,a))return;let u=i(s),d=document.createElementNS(t,"circle");for(let[h,f]of Object.entries({cx:u.x,cy:u.y,r:l.size,fill:l.color}))d.setAttribute(h,f);let c=document.createElementNS(t,"text");for(let[h,f]of Object.entries({x:u.x+l.size+2,y:u.y+4,"font-size":12,"font-family":"sans-serif"}))c.setAttribute(h,f);c.textContent=l.label,r.append(d,c)});let o=new XMLSerializer().serializeToString(r);Ti("chart.svg",URL.createObjectURL(new Blob([o],{type:"image/svg+xml"})))}async function Ll(a){be(`exporting ${a}\u2026`);let n=await fetch(Pl(`export?format=${a}`),{method:"POST",credentials:"same-origin",body:JSON.stringify({nodes:_i().nodes.map(t=>t.id)}),headers:{"Content-Type":"application/json","X-CSRF-Token":Il()}});if(!n.ok){let t=`the workspace answered ${n.status}`;try{t=(await n.json()).error||t}catch{}be(t,!0);return}let e=a==="gexf"?"chart.gexf":"chart-i2.zip";Ti(e,URL.createObjectURL(await n.blob())),be(`${e} written (recorded as an export in the case)`)}async function zg(a){a.preventDefault();let n=document.getElementById("graph-q").value.trim(),e=document.getElementById("graph-hits");if(e.replaceChildren(),!!n)try{let t=await Lt(`search?q=${encodeURIComponent(n)}`);for(let r of t.hits){let i=ee("li"),o=ee("button",`${r.name} (${r.schema})`);o.type="button",o.dataset.entity=r.id,o.addEventListener("click",()=>Nl(r.id)),i.append(o),e.append(i)}t.total>t.hits.length&&e.append(ee("li",`showing ${t.hits.length.toLocaleString()} of ${t.total.toLocaleString()}`,"muted")),t.hits.length||e.append(ee("li","No entity found among what you may see.","muted"))}catch(t){be(t.message,!0)}}function Ng(){if(!Ce)return;let a=document.getElementById("graph-canvas");re=new Gs(H,a,{primitives:{...ln,edges:{...ln.edges,paths:[Dn()]}},settings:{renderEdgeLabels:!1,labelRenderedSizeThreshold:4,itemSizesReference:"screen",stagePadding:80},nodeReducer:(n,e,t)=>{let r=U.filters;if(Kn(n,t,r))return{...e,visibility:"hidden"};let i=t.note?`${e.label} \u270E`:e.label;return U.removed&&U.removed.has(n)?{...e,label:i,color:"#d0d4da",labelVisibility:"visible"}:U.path&&U.path.nodes.has(n)?{...e,label:i,color:"#d62728",size:e.size*1.4,labelVisibility:"visible",highlighted:!0}:U.marked.has(n)?{...e,label:i,color:"#6a1b9a",labelVisibility:"visible",highlighted:!0}:U.highlighted.size&&U.highlighted.has(n)?{...e,color:"#e8a400",size:e.size*1.6,labelVisibility:"visible",highlighted:!0}:n===U.selected?{...e,label:i,labelVisibility:"visible",highlighted:!0}:{...e,label:i}},edgeReducer:(n,e,t)=>{let r=U.filters;return xi(n,t,r)?{...e,visibility:"hidden"}:U.path&&U.path.edges.has(n)?{...e,color:"#d62728",size:4}:{...e,size:Math.min(1+Math.log2(t.weight||1),6)}}}),re.on("clickNode",({node:n,event:e})=>{e&&e.original&&e.original.shiftKey?gi(n):yi(n)}),document.getElementById("btn-path").addEventListener("click",mg),document.getElementById("btn-disrupt").addEventListener("click",yg),document.getElementById("btn-group").addEventListener("click",()=>vi([...U.marked])),document.getElementById("btn-unmark").addEventListener("click",()=>{U.marked.clear(),rr()});for(let n of["t-from","t-until"])document.getElementById(n).addEventListener("input",()=>{Ol(),re&&re.refresh(),Zn()});document.getElementById("graph-search").addEventListener("submit",zg),document.getElementById("graph-save").addEventListener("submit",Pg),document.getElementById("btn-keyplayers").addEventListener("click",()=>Rl("keyplayers?k=3","Key players")),document.getElementById("btn-brokers").addEventListener("click",()=>Rl("brokers","Brokers")),document.getElementById("btn-layout").addEventListener("click",()=>ar()),document.getElementById("btn-png").addEventListener("click",Fg),document.getElementById("btn-svg").addEventListener("click",Gg),document.getElementById("btn-gexf").addEventListener("click",()=>Ll("gexf")),document.getElementById("btn-i2").addEventListener("click",()=>Ll("i2"));for(let n of["f-schema","f-from","f-until","f-weight","f-tlp","f-measure"])document.getElementById(n).addEventListener("change",()=>dt(!1));document.getElementById("graph-charts").addEventListener("click",n=>{let e=n.target.closest("a[data-chart]");e&&(n.preventDefault(),Dl(e.dataset.chart))}),Ce.dataset.chart?Dl(Ce.dataset.chart):Ce.dataset.entity&&Nl(Ce.dataset.entity),Zn(),window.tnocGraph={graph:H,renderer:re,runLayout:ar,refresh:dt,inBulk:qt,state:U,toggleMark:gi,collapse:vi,load:(n,e=!1)=>(H.clear(),qt(()=>H.import(n)),dt(e)),layoutSteps:n=>pi.default.assign(H,{iterations:n,settings:Hl(H)})}}Ng();})();
