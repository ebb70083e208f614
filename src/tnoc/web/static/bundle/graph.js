(()=>{var ql=Object.create;var Si=Object.defineProperty;var Xl=Object.getOwnPropertyDescriptor;var Yl=Object.getOwnPropertyNames;var Kl=Object.getPrototypeOf,Zl=Object.prototype.hasOwnProperty;var Le=(n,a)=>()=>{try{return a||n((a={exports:{}}).exports,a),a.exports}catch(e){throw a=0,e}};var Ql=(n,a,e,t)=>{if(a&&typeof a=="object"||typeof a=="function")for(let r of Yl(a))!Zl.call(n,r)&&r!==e&&Si(n,r,{get:()=>a[r],enumerable:!(t=Xl(a,r))||t.enumerable});return n};var Qe=(n,a,e)=>(e=n!=null?ql(Kl(n)):{},Ql(a||!n||!n.__esModule?Si(e,"default",{value:n,enumerable:!0}):e,n));var Ft=Le((jg,lr)=>{"use strict";var Qt=typeof Reflect=="object"?Reflect:null,wi=Qt&&typeof Qt.apply=="function"?Qt.apply:function(a,e,t){return Function.prototype.apply.call(a,e,t)},ia;Qt&&typeof Qt.ownKeys=="function"?ia=Qt.ownKeys:Object.getOwnPropertySymbols?ia=function(a){return Object.getOwnPropertyNames(a).concat(Object.getOwnPropertySymbols(a))}:ia=function(a){return Object.getOwnPropertyNames(a)};function Jl(n){console&&console.warn&&console.warn(n)}var Ri=Number.isNaN||function(a){return a!==a};function ge(){ge.init.call(this)}lr.exports=ge;lr.exports.once=au;ge.EventEmitter=ge;ge.prototype._events=void 0;ge.prototype._eventsCount=0;ge.prototype._maxListeners=void 0;var Ai=10;function oa(n){if(typeof n!="function")throw new TypeError('The "listener" argument must be of type Function. Received type '+typeof n)}Object.defineProperty(ge,"defaultMaxListeners",{enumerable:!0,get:function(){return Ai},set:function(n){if(typeof n!="number"||n<0||Ri(n))throw new RangeError('The value of "defaultMaxListeners" is out of range. It must be a non-negative number. Received '+n+".");Ai=n}});ge.init=function(){(this._events===void 0||this._events===Object.getPrototypeOf(this)._events)&&(this._events=Object.create(null),this._eventsCount=0),this._maxListeners=this._maxListeners||void 0};ge.prototype.setMaxListeners=function(a){if(typeof a!="number"||a<0||Ri(a))throw new RangeError('The value of "n" is out of range. It must be a non-negative number. Received '+a+".");return this._maxListeners=a,this};function Di(n){return n._maxListeners===void 0?ge.defaultMaxListeners:n._maxListeners}ge.prototype.getMaxListeners=function(){return Di(this)};ge.prototype.emit=function(a){for(var e=[],t=1;t<arguments.length;t++)e.push(arguments[t]);var r=a==="error",i=this._events;if(i!==void 0)r=r&&i.error===void 0;else if(!r)return!1;if(r){var o;if(e.length>0&&(o=e[0]),o instanceof Error)throw o;var s=new Error("Unhandled error."+(o?" ("+o.message+")":""));throw s.context=o,s}var l=i[a];if(l===void 0)return!1;if(typeof l=="function")wi(l,this,e);else for(var u=l.length,d=Ii(l,u),t=0;t<u;++t)wi(d[t],this,e);return!0};function Li(n,a,e,t){var r,i,o;if(oa(e),i=n._events,i===void 0?(i=n._events=Object.create(null),n._eventsCount=0):(i.newListener!==void 0&&(n.emit("newListener",a,e.listener?e.listener:e),i=n._events),o=i[a]),o===void 0)o=i[a]=e,++n._eventsCount;else if(typeof o=="function"?o=i[a]=t?[e,o]:[o,e]:t?o.unshift(e):o.push(e),r=Di(n),r>0&&o.length>r&&!o.warned){o.warned=!0;var s=new Error("Possible EventEmitter memory leak detected. "+o.length+" "+String(a)+" listeners added. Use emitter.setMaxListeners() to increase limit");s.name="MaxListenersExceededWarning",s.emitter=n,s.type=a,s.count=o.length,Jl(s)}return n}ge.prototype.addListener=function(a,e){return Li(this,a,e,!1)};ge.prototype.on=ge.prototype.addListener;ge.prototype.prependListener=function(a,e){return Li(this,a,e,!0)};function eu(){if(!this.fired)return this.target.removeListener(this.type,this.wrapFn),this.fired=!0,arguments.length===0?this.listener.call(this.target):this.listener.apply(this.target,arguments)}function Ci(n,a,e){var t={fired:!1,wrapFn:void 0,target:n,type:a,listener:e},r=eu.bind(t);return r.listener=e,t.wrapFn=r,r}ge.prototype.once=function(a,e){return oa(e),this.on(a,Ci(this,a,e)),this};ge.prototype.prependOnceListener=function(a,e){return oa(e),this.prependListener(a,Ci(this,a,e)),this};ge.prototype.removeListener=function(a,e){var t,r,i,o,s;if(oa(e),r=this._events,r===void 0)return this;if(t=r[a],t===void 0)return this;if(t===e||t.listener===e)--this._eventsCount===0?this._events=Object.create(null):(delete r[a],r.removeListener&&this.emit("removeListener",a,t.listener||e));else if(typeof t!="function"){for(i=-1,o=t.length-1;o>=0;o--)if(t[o]===e||t[o].listener===e){s=t[o].listener,i=o;break}if(i<0)return this;i===0?t.shift():tu(t,i),t.length===1&&(r[a]=t[0]),r.removeListener!==void 0&&this.emit("removeListener",a,s||e)}return this};ge.prototype.off=ge.prototype.removeListener;ge.prototype.removeAllListeners=function(a){var e,t,r;if(t=this._events,t===void 0)return this;if(t.removeListener===void 0)return arguments.length===0?(this._events=Object.create(null),this._eventsCount=0):t[a]!==void 0&&(--this._eventsCount===0?this._events=Object.create(null):delete t[a]),this;if(arguments.length===0){var i=Object.keys(t),o;for(r=0;r<i.length;++r)o=i[r],o!=="removeListener"&&this.removeAllListeners(o);return this.removeAllListeners("removeListener"),this._events=Object.create(null),this._eventsCount=0,this}if(e=t[a],typeof e=="function")this.removeListener(a,e);else if(e!==void 0)for(r=e.length-1;r>=0;r--)this.removeListener(a,e[r]);return this};function ki(n,a,e){var t=n._events;if(t===void 0)return[];var r=t[a];return r===void 0?[]:typeof r=="function"?e?[r.listener||r]:[r]:e?nu(r):Ii(r,r.length)}ge.prototype.listeners=function(a){return ki(this,a,!0)};ge.prototype.rawListeners=function(a){return ki(this,a,!1)};ge.listenerCount=function(n,a){return typeof n.listenerCount=="function"?n.listenerCount(a):Pi.call(n,a)};ge.prototype.listenerCount=Pi;function Pi(n){var a=this._events;if(a!==void 0){var e=a[n];if(typeof e=="function")return 1;if(e!==void 0)return e.length}return 0}ge.prototype.eventNames=function(){return this._eventsCount>0?ia(this._events):[]};function Ii(n,a){for(var e=new Array(a),t=0;t<a;++t)e[t]=n[t];return e}function tu(n,a){for(;a+1<n.length;a++)n[a]=n[a+1];n.pop()}function nu(n){for(var a=new Array(n.length),e=0;e<a.length;++e)a[e]=n[e].listener||n[e];return a}function au(n,a){return new Promise(function(e,t){function r(o){n.removeListener(a,i),t(o)}function i(){typeof n.removeListener=="function"&&n.removeListener("error",r),e([].slice.call(arguments))}Fi(n,a,i,{once:!0}),a!=="error"&&ru(n,r,{once:!0})})}function ru(n,a,e){typeof n.on=="function"&&Fi(n,"error",a,e)}function Fi(n,a,e,t){if(typeof n.on=="function")t.once?n.once(a,e):n.on(a,e);else if(typeof n.addEventListener=="function")n.addEventListener(a,function r(i){t.once&&n.removeEventListener(a,r),e(i)});else throw new TypeError('The "emitter" argument must be of type EventEmitter. Received type '+typeof n)}});var Wt=Le((ov,To)=>{To.exports=function(a){return a!==null&&typeof a=="object"&&typeof a.addUndirectedEdgeWithKey=="function"&&typeof a.dropNode=="function"&&typeof a.multi=="boolean"}});var Ws=Le((Yv,Ns)=>{Ns.exports=function(){var a,e,t={};(function(){var i=0,o=1,s=2,l=3,u=4,d=5,c=6,h=7,f=8,g=9,p=0,m=1,v=2,y=0,b=1,x=2,_=3,E=4,w=5,A=6,S=7,L=8,G=3,C=10,N=3,k=9,I=10;t.exports=function(P,T,F){var M,z,D,q,j,Z,De,ce,K,at,Pe=T.length,Ct=F.length,Ke=P.adjustSizes,or=P.barnesHutTheta*P.barnesHutTheta,Xt,pe,se,le,Ze,te,Y,O=[];for(D=0;D<Pe;D+=C)T[D+u]=T[D+s],T[D+d]=T[D+l],T[D+s]=0,T[D+l]=0;if(P.outboundAttractionDistribution){for(Xt=0,D=0;D<Pe;D+=C)Xt+=T[D+c];Xt/=Pe/C}if(P.barnesHutOptimize){var kt=1/0,Yt=-1/0,Pt=1/0,Kt=-1/0,Ue,Zt,sr;for(D=0;D<Pe;D+=C)kt=Math.min(kt,T[D+i]),Yt=Math.max(Yt,T[D+i]),Pt=Math.min(Pt,T[D+o]),Kt=Math.max(Kt,T[D+o]);var Jn=Yt-kt,ea=Kt-Pt;for(Jn>ea?(Pt-=(Jn-ea)/2,Kt=Pt+Jn):(kt-=(ea-Jn)/2,Yt=kt+ea),O[0+y]=-1,O[0+b]=(kt+Yt)/2,O[0+x]=(Pt+Kt)/2,O[0+_]=Math.max(Yt-kt,Kt-Pt),O[0+E]=-1,O[0+w]=-1,O[0+A]=0,O[0+S]=0,O[0+L]=0,M=1,D=0;D<Pe;D+=C)for(z=0,sr=G;;)if(O[z+w]>=0){T[D+i]<O[z+b]?T[D+o]<O[z+x]?Ue=O[z+w]:Ue=O[z+w]+k:T[D+o]<O[z+x]?Ue=O[z+w]+k*2:Ue=O[z+w]+k*3,O[z+S]=(O[z+S]*O[z+A]+T[D+i]*T[D+c])/(O[z+A]+T[D+c]),O[z+L]=(O[z+L]*O[z+A]+T[D+o]*T[D+c])/(O[z+A]+T[D+c]),O[z+A]+=T[D+c],z=Ue;continue}else if(O[z+y]<0){O[z+y]=D;break}else{if(O[z+w]=M*k,ce=O[z+_]/2,K=O[z+w],O[K+y]=-1,O[K+b]=O[z+b]-ce,O[K+x]=O[z+x]-ce,O[K+_]=ce,O[K+E]=K+k,O[K+w]=-1,O[K+A]=0,O[K+S]=0,O[K+L]=0,K+=k,O[K+y]=-1,O[K+b]=O[z+b]-ce,O[K+x]=O[z+x]+ce,O[K+_]=ce,O[K+E]=K+k,O[K+w]=-1,O[K+A]=0,O[K+S]=0,O[K+L]=0,K+=k,O[K+y]=-1,O[K+b]=O[z+b]+ce,O[K+x]=O[z+x]-ce,O[K+_]=ce,O[K+E]=K+k,O[K+w]=-1,O[K+A]=0,O[K+S]=0,O[K+L]=0,K+=k,O[K+y]=-1,O[K+b]=O[z+b]+ce,O[K+x]=O[z+x]+ce,O[K+_]=ce,O[K+E]=O[z+E],O[K+w]=-1,O[K+A]=0,O[K+S]=0,O[K+L]=0,M+=4,T[O[z+y]+i]<O[z+b]?T[O[z+y]+o]<O[z+x]?Ue=O[z+w]:Ue=O[z+w]+k:T[O[z+y]+o]<O[z+x]?Ue=O[z+w]+k*2:Ue=O[z+w]+k*3,O[z+A]=T[O[z+y]+c],O[z+S]=T[O[z+y]+i],O[z+L]=T[O[z+y]+o],O[Ue+y]=O[z+y],O[z+y]=-1,T[D+i]<O[z+b]?T[D+o]<O[z+x]?Zt=O[z+w]:Zt=O[z+w]+k:T[D+o]<O[z+x]?Zt=O[z+w]+k*2:Zt=O[z+w]+k*3,Ue===Zt)if(sr--){z=Ue;continue}else{sr=G;break}O[Zt+y]=D;break}}if(P.barnesHutOptimize)for(pe=P.scalingRatio,D=0;D<Pe;D+=C)for(z=0;;)if(O[z+w]>=0)if(te=Math.pow(T[D+i]-O[z+S],2)+Math.pow(T[D+o]-O[z+L],2),at=O[z+_],4*at*at/te<or){if(se=T[D+i]-O[z+S],le=T[D+o]-O[z+L],Ke===!0?te>0?(Y=pe*T[D+c]*O[z+A]/te,T[D+s]+=se*Y,T[D+l]+=le*Y):te<0&&(Y=-pe*T[D+c]*O[z+A]/Math.sqrt(te),T[D+s]+=se*Y,T[D+l]+=le*Y):te>0&&(Y=pe*T[D+c]*O[z+A]/te,T[D+s]+=se*Y,T[D+l]+=le*Y),z=O[z+E],z<0)break;continue}else{z=O[z+w];continue}else{if(Z=O[z+y],Z>=0&&Z!==D&&(se=T[D+i]-T[Z+i],le=T[D+o]-T[Z+o],te=se*se+le*le,Ke===!0?te>0?(Y=pe*T[D+c]*T[Z+c]/te,T[D+s]+=se*Y,T[D+l]+=le*Y):te<0&&(Y=-pe*T[D+c]*T[Z+c]/Math.sqrt(te),T[D+s]+=se*Y,T[D+l]+=le*Y):te>0&&(Y=pe*T[D+c]*T[Z+c]/te,T[D+s]+=se*Y,T[D+l]+=le*Y)),z=O[z+E],z<0)break;continue}else for(pe=P.scalingRatio,q=0;q<Pe;q+=C)for(j=0;j<q;j+=C)se=T[q+i]-T[j+i],le=T[q+o]-T[j+o],Ke===!0?(te=Math.sqrt(se*se+le*le)-T[q+f]-T[j+f],te>0?(Y=pe*T[q+c]*T[j+c]/te/te,T[q+s]+=se*Y,T[q+l]+=le*Y,T[j+s]-=se*Y,T[j+l]-=le*Y):te<0&&(Y=100*pe*T[q+c]*T[j+c],T[q+s]+=se*Y,T[q+l]+=le*Y,T[j+s]-=se*Y,T[j+l]-=le*Y)):(te=Math.sqrt(se*se+le*le),te>0&&(Y=pe*T[q+c]*T[j+c]/te/te,T[q+s]+=se*Y,T[q+l]+=le*Y,T[j+s]-=se*Y,T[j+l]-=le*Y));for(K=P.gravity/P.scalingRatio,pe=P.scalingRatio,D=0;D<Pe;D+=C)Y=0,se=T[D+i],le=T[D+o],te=Math.sqrt(Math.pow(se,2)+Math.pow(le,2)),P.strongGravityMode?te>0&&(Y=pe*T[D+c]*K):te>0&&(Y=pe*T[D+c]*K/te),T[D+s]-=se*Y,T[D+l]-=le*Y;for(pe=1*(P.outboundAttractionDistribution?Xt:1),De=0;De<Ct;De+=N)q=F[De+p],j=F[De+m],ce=F[De+v],Ze=Math.pow(ce,P.edgeWeightInfluence),se=T[q+i]-T[j+i],le=T[q+o]-T[j+o],Ke===!0?(te=Math.sqrt(se*se+le*le)-T[q+f]-T[j+f],P.linLogMode?P.outboundAttractionDistribution?te>0&&(Y=-pe*Ze*Math.log(1+te)/te/T[q+c]):te>0&&(Y=-pe*Ze*Math.log(1+te)/te):P.outboundAttractionDistribution?te>0&&(Y=-pe*Ze/T[q+c]):te>0&&(Y=-pe*Ze)):(te=Math.sqrt(Math.pow(se,2)+Math.pow(le,2)),P.linLogMode?P.outboundAttractionDistribution?te>0&&(Y=-pe*Ze*Math.log(1+te)/te/T[q+c]):te>0&&(Y=-pe*Ze*Math.log(1+te)/te):P.outboundAttractionDistribution?(te=1,Y=-pe*Ze/T[q+c]):(te=1,Y=-pe*Ze)),te>0&&(T[q+s]+=se*Y,T[q+l]+=le*Y,T[j+s]-=se*Y,T[j+l]-=le*Y);var ta,En,na,It,aa,ra;if(Ke===!0)for(D=0;D<Pe;D+=C)T[D+g]!==1&&(ta=Math.sqrt(Math.pow(T[D+s],2)+Math.pow(T[D+l],2)),ta>I&&(T[D+s]=T[D+s]*I/ta,T[D+l]=T[D+l]*I/ta),En=T[D+c]*Math.sqrt((T[D+u]-T[D+s])*(T[D+u]-T[D+s])+(T[D+d]-T[D+l])*(T[D+d]-T[D+l])),na=Math.sqrt((T[D+u]+T[D+s])*(T[D+u]+T[D+s])+(T[D+d]+T[D+l])*(T[D+d]+T[D+l]))/2,It=.1*Math.log(1+na)/(1+Math.sqrt(En)),aa=T[D+i]+T[D+s]*(It/P.slowDown),T[D+i]=aa,ra=T[D+o]+T[D+l]*(It/P.slowDown),T[D+o]=ra);else for(D=0;D<Pe;D+=C)T[D+g]!==1&&(En=T[D+c]*Math.sqrt((T[D+u]-T[D+s])*(T[D+u]-T[D+s])+(T[D+d]-T[D+l])*(T[D+d]-T[D+l])),na=Math.sqrt((T[D+u]+T[D+s])*(T[D+u]+T[D+s])+(T[D+d]+T[D+l])*(T[D+d]+T[D+l]))/2,It=T[D+h]*Math.log(1+na)/(1+Math.sqrt(En)),T[D+h]=Math.min(1,Math.sqrt(It*(Math.pow(T[D+s],2)+Math.pow(T[D+l],2))/(1+Math.sqrt(En)))),aa=T[D+i]+T[D+s]*(It/P.slowDown),T[D+i]=aa,ra=T[D+o]+T[D+l]*(It/P.slowDown),T[D+o]=ra);return{}}})();var r=t.exports;self.addEventListener("message",function(i){var o=i.data;a=new Float32Array(o.nodes),o.edges&&(e=new Float32Array(o.edges)),r(o.settings,a,e),self.postMessage({nodes:a.buffer},[a.buffer])})}});var Va=Le($a=>{function Gf(n){return typeof n!="number"||isNaN(n)?1:n}function zf(n,a){var e={},t=function(o){return typeof o>"u"?a:o};typeof a=="function"&&(t=a);var r=function(o){return t(o[n])},i=function(){return t(void 0)};return typeof n=="string"?(e.fromAttributes=r,e.fromGraph=function(o,s){return r(o.getNodeAttributes(s))},e.fromEntry=function(o,s){return r(s)}):typeof n=="function"?(e.fromAttributes=function(){throw new Error("graphology-utils/getters/createNodeValueGetter: irrelevant usage.")},e.fromGraph=function(o,s){return t(n(s,o.getNodeAttributes(s)))},e.fromEntry=function(o,s){return t(n(o,s))}):(e.fromAttributes=i,e.fromGraph=i,e.fromEntry=i),e}function Os(n,a){var e={},t=function(o){return typeof o>"u"?a:o};typeof a=="function"&&(t=a);var r=function(o){return t(o[n])},i=function(){return t(void 0)};return typeof n=="string"?(e.fromAttributes=r,e.fromGraph=function(o,s){return r(o.getEdgeAttributes(s))},e.fromEntry=function(o,s){return r(s)},e.fromPartialEntry=e.fromEntry,e.fromMinimalEntry=e.fromEntry):typeof n=="function"?(e.fromAttributes=function(){throw new Error("graphology-utils/getters/createEdgeValueGetter: irrelevant usage.")},e.fromGraph=function(o,s){var l=o.extremities(s);return t(n(s,o.getEdgeAttributes(s),l[0],l[1],o.getNodeAttributes(l[0]),o.getNodeAttributes(l[1]),o.isUndirected(s)))},e.fromEntry=function(o,s,l,u,d,c,h){return t(n(o,s,l,u,d,c,h))},e.fromPartialEntry=function(o,s,l,u){return t(n(o,s,l,u))},e.fromMinimalEntry=function(o,s){return t(n(o,s))}):(e.fromAttributes=i,e.fromGraph=i,e.fromEntry=i,e.fromMinimalEntry=i),e}$a.createNodeValueGetter=zf;$a.createEdgeValueGetter=Os;$a.createEdgeWeightGetter=function(n){return Os(n,Gf)}});var ri=Le(At=>{var jn=10,Ms=3;At.assign=function(n){n=n||{};var a=Array.prototype.slice.call(arguments).slice(1),e,t,r;for(e=0,r=a.length;e<r;e++)if(a[e])for(t in a[e])n[t]=a[e][t];return n};At.validateSettings=function(n){return"linLogMode"in n&&typeof n.linLogMode!="boolean"?{message:"the `linLogMode` setting should be a boolean."}:"outboundAttractionDistribution"in n&&typeof n.outboundAttractionDistribution!="boolean"?{message:"the `outboundAttractionDistribution` setting should be a boolean."}:"adjustSizes"in n&&typeof n.adjustSizes!="boolean"?{message:"the `adjustSizes` setting should be a boolean."}:"edgeWeightInfluence"in n&&typeof n.edgeWeightInfluence!="number"?{message:"the `edgeWeightInfluence` setting should be a number."}:"scalingRatio"in n&&!(typeof n.scalingRatio=="number"&&n.scalingRatio>=0)?{message:"the `scalingRatio` setting should be a number >= 0."}:"strongGravityMode"in n&&typeof n.strongGravityMode!="boolean"?{message:"the `strongGravityMode` setting should be a boolean."}:"gravity"in n&&!(typeof n.gravity=="number"&&n.gravity>=0)?{message:"the `gravity` setting should be a number >= 0."}:"slowDown"in n&&!(typeof n.slowDown=="number"||n.slowDown>=0)?{message:"the `slowDown` setting should be a number >= 0."}:"barnesHutOptimize"in n&&typeof n.barnesHutOptimize!="boolean"?{message:"the `barnesHutOptimize` setting should be a boolean."}:"barnesHutTheta"in n&&!(typeof n.barnesHutTheta=="number"&&n.barnesHutTheta>=0)?{message:"the `barnesHutTheta` setting should be a number >= 0."}:null};At.graphToByteArrays=function(n,a){var e=n.order,t=n.size,r={},i,o=new Float32Array(e*jn),s=new Float32Array(t*Ms);return i=0,n.forEachNode(function(l,u){r[l]=i,o[i]=u.x,o[i+1]=u.y,o[i+2]=0,o[i+3]=0,o[i+4]=0,o[i+5]=0,o[i+6]=1,o[i+7]=1,o[i+8]=u.size||1,o[i+9]=u.fixed?1:0,i+=jn}),i=0,n.forEachEdge(function(l,u,d,c,h,f,g){var p=r[d],m=r[c],v=a(l,u,d,c,h,f,g);o[p+6]+=v,o[m+6]+=v,s[i]=p,s[i+1]=m,s[i+2]=v,i+=Ms}),{nodes:o,edges:s}};At.assignLayoutChanges=function(n,a,e){var t=0;n.updateEachNodeAttributes(function(r,i){return i.x=a[t],i.y=a[t+1],t+=jn,e?e(r,i):i})};At.readGraphPositions=function(n,a){var e=0;n.forEachNode(function(t,r){a[e]=r.x,a[e+1]=r.y,e+=jn})};At.collectLayoutChanges=function(n,a,e){for(var t=n.nodes(),r={},i=0,o=0,s=a.length;i<s;i+=jn){if(e){var l=Object.assign({},n.getNodeAttributes(t[o]));l.x=a[i],l.y=a[i+1],l=e(t[o],l),r[t[o]]={x:l.x,y:l.y}}else r[t[o]]={x:a[i],y:a[i+1]};o++}return r};At.createWorker=function(a){var e=window.URL||window.webkitURL,t=a.toString(),r=e.createObjectURL(new Blob(["("+t+").call(this);"],{type:"text/javascript"})),i=new Worker(r);return e.revokeObjectURL(r),i}});var ii=Le((Qv,Bs)=>{Bs.exports={linLogMode:!1,outboundAttractionDistribution:!1,adjustSizes:!1,edgeWeightInfluence:1,scalingRatio:1,strongGravityMode:!1,gravity:1,slowDown:1,barnesHutOptimize:!1,barnesHutTheta:.5}});var Hs=Le((Jv,Us)=>{var Nf=Ws(),Wf=Wt(),Of=Va().createEdgeWeightGetter,xn=ri(),Mf=ii();function Rt(n,a){if(a=a||{},!Wf(n))throw new Error("graphology-layout-forceatlas2/worker: the given graph is not a valid graphology instance.");var e=Of("getEdgeWeight"in a?a.getEdgeWeight:"weight").fromEntry,t=xn.assign({},Mf,a.settings),r=xn.validateSettings(t);if(r)throw new Error("graphology-layout-forceatlas2/worker: "+r.message);this.worker=null,this.graph=n,this.settings=t,this.getEdgeWeight=e,this.matrices=null,this.running=!1,this.killed=!1,this.outputReducer=typeof a.outputReducer=="function"?a.outputReducer:null,this.handleMessage=this.handleMessage.bind(this);var i=void 0,o=this;this.handleGraphUpdate=function(){o.worker&&o.worker.terminate(),i&&clearTimeout(i),i=setTimeout(function(){i=void 0,o.spawnWorker()},0)},n.on("nodeAdded",this.handleGraphUpdate),n.on("edgeAdded",this.handleGraphUpdate),n.on("nodeDropped",this.handleGraphUpdate),n.on("edgeDropped",this.handleGraphUpdate),this.spawnWorker()}Rt.prototype.isRunning=function(){return this.running};Rt.prototype.spawnWorker=function(){this.worker&&this.worker.terminate(),this.worker=xn.createWorker(Nf),this.worker.addEventListener("message",this.handleMessage),this.running&&(this.running=!1,this.start())};Rt.prototype.handleMessage=function(n){if(this.running){var a=new Float32Array(n.data.nodes);xn.assignLayoutChanges(this.graph,a,this.outputReducer),this.outputReducer&&xn.readGraphPositions(this.graph,a),this.matrices.nodes=a,this.askForIterations()}};Rt.prototype.askForIterations=function(n){var a=this.matrices,e={settings:this.settings,nodes:a.nodes.buffer},t=[a.nodes.buffer];return n&&(e.edges=a.edges.buffer,t.push(a.edges.buffer)),this.worker.postMessage(e,t),this};Rt.prototype.start=function(){if(this.killed)throw new Error("graphology-layout-forceatlas2/worker.start: layout was killed.");return this.running?this:(this.matrices=xn.graphToByteArrays(this.graph,this.getEdgeWeight),this.running=!0,this.askForIterations(!0),this)};Rt.prototype.stop=function(){return this.running=!1,this};Rt.prototype.kill=function(){if(this.killed)return this;this.running=!1,this.killed=!0,this.matrices=null,this.worker.terminate(),this.graph.removeListener("nodeAdded",this.handleGraphUpdate),this.graph.removeListener("edgeAdded",this.handleGraphUpdate),this.graph.removeListener("nodeDropped",this.handleGraphUpdate),this.graph.removeListener("edgeDropped",this.handleGraphUpdate)};Us.exports=Rt});var Xs=Le((ep,qs)=>{var Se=0,be=1,ue=2,de=3,vt=4,pt=5,he=6,$s=7,ja=8,Vs=9,Bf=0,Uf=1,Hf=2,Ce=0,Ye=1,ze=2,jt=3,Dt=4,_e=5,Ne=6,st=7,lt=8,js=3,tt=10,$f=3,Fe=9,oi=10;qs.exports=function(a,e,t){var r,i,o,s,l,u,d,c,h,f,g=e.length,p=t.length,m=a.adjustSizes,v=a.barnesHutTheta*a.barnesHutTheta,y,b,x,_,E,w,A,S=[];for(o=0;o<g;o+=tt)e[o+vt]=e[o+ue],e[o+pt]=e[o+de],e[o+ue]=0,e[o+de]=0;if(a.outboundAttractionDistribution){for(y=0,o=0;o<g;o+=tt)y+=e[o+he];y/=g/tt}if(a.barnesHutOptimize){var L=1/0,G=-1/0,C=1/0,N=-1/0,k,I,W;for(o=0;o<g;o+=tt)L=Math.min(L,e[o+Se]),G=Math.max(G,e[o+Se]),C=Math.min(C,e[o+be]),N=Math.max(N,e[o+be]);var P=G-L,T=N-C;for(P>T?(C-=(P-T)/2,N=C+P):(L-=(T-P)/2,G=L+T),S[0+Ce]=-1,S[0+Ye]=(L+G)/2,S[0+ze]=(C+N)/2,S[0+jt]=Math.max(G-L,N-C),S[0+Dt]=-1,S[0+_e]=-1,S[0+Ne]=0,S[0+st]=0,S[0+lt]=0,r=1,o=0;o<g;o+=tt)for(i=0,W=js;;)if(S[i+_e]>=0){e[o+Se]<S[i+Ye]?e[o+be]<S[i+ze]?k=S[i+_e]:k=S[i+_e]+Fe:e[o+be]<S[i+ze]?k=S[i+_e]+Fe*2:k=S[i+_e]+Fe*3,S[i+st]=(S[i+st]*S[i+Ne]+e[o+Se]*e[o+he])/(S[i+Ne]+e[o+he]),S[i+lt]=(S[i+lt]*S[i+Ne]+e[o+be]*e[o+he])/(S[i+Ne]+e[o+he]),S[i+Ne]+=e[o+he],i=k;continue}else if(S[i+Ce]<0){S[i+Ce]=o;break}else{if(S[i+_e]=r*Fe,c=S[i+jt]/2,h=S[i+_e],S[h+Ce]=-1,S[h+Ye]=S[i+Ye]-c,S[h+ze]=S[i+ze]-c,S[h+jt]=c,S[h+Dt]=h+Fe,S[h+_e]=-1,S[h+Ne]=0,S[h+st]=0,S[h+lt]=0,h+=Fe,S[h+Ce]=-1,S[h+Ye]=S[i+Ye]-c,S[h+ze]=S[i+ze]+c,S[h+jt]=c,S[h+Dt]=h+Fe,S[h+_e]=-1,S[h+Ne]=0,S[h+st]=0,S[h+lt]=0,h+=Fe,S[h+Ce]=-1,S[h+Ye]=S[i+Ye]+c,S[h+ze]=S[i+ze]-c,S[h+jt]=c,S[h+Dt]=h+Fe,S[h+_e]=-1,S[h+Ne]=0,S[h+st]=0,S[h+lt]=0,h+=Fe,S[h+Ce]=-1,S[h+Ye]=S[i+Ye]+c,S[h+ze]=S[i+ze]+c,S[h+jt]=c,S[h+Dt]=S[i+Dt],S[h+_e]=-1,S[h+Ne]=0,S[h+st]=0,S[h+lt]=0,r+=4,e[S[i+Ce]+Se]<S[i+Ye]?e[S[i+Ce]+be]<S[i+ze]?k=S[i+_e]:k=S[i+_e]+Fe:e[S[i+Ce]+be]<S[i+ze]?k=S[i+_e]+Fe*2:k=S[i+_e]+Fe*3,S[i+Ne]=e[S[i+Ce]+he],S[i+st]=e[S[i+Ce]+Se],S[i+lt]=e[S[i+Ce]+be],S[k+Ce]=S[i+Ce],S[i+Ce]=-1,e[o+Se]<S[i+Ye]?e[o+be]<S[i+ze]?I=S[i+_e]:I=S[i+_e]+Fe:e[o+be]<S[i+ze]?I=S[i+_e]+Fe*2:I=S[i+_e]+Fe*3,k===I)if(W--){i=k;continue}else{W=js;break}S[I+Ce]=o;break}}if(a.barnesHutOptimize)for(b=a.scalingRatio,o=0;o<g;o+=tt)for(i=0;;)if(S[i+_e]>=0)if(w=Math.pow(e[o+Se]-S[i+st],2)+Math.pow(e[o+be]-S[i+lt],2),f=S[i+jt],4*f*f/w<v){if(x=e[o+Se]-S[i+st],_=e[o+be]-S[i+lt],m===!0?w>0?(A=b*e[o+he]*S[i+Ne]/w,e[o+ue]+=x*A,e[o+de]+=_*A):w<0&&(A=-b*e[o+he]*S[i+Ne]/Math.sqrt(w),e[o+ue]+=x*A,e[o+de]+=_*A):w>0&&(A=b*e[o+he]*S[i+Ne]/w,e[o+ue]+=x*A,e[o+de]+=_*A),i=S[i+Dt],i<0)break;continue}else{i=S[i+_e];continue}else{if(u=S[i+Ce],u>=0&&u!==o&&(x=e[o+Se]-e[u+Se],_=e[o+be]-e[u+be],w=x*x+_*_,m===!0?w>0?(A=b*e[o+he]*e[u+he]/w,e[o+ue]+=x*A,e[o+de]+=_*A):w<0&&(A=-b*e[o+he]*e[u+he]/Math.sqrt(w),e[o+ue]+=x*A,e[o+de]+=_*A):w>0&&(A=b*e[o+he]*e[u+he]/w,e[o+ue]+=x*A,e[o+de]+=_*A)),i=S[i+Dt],i<0)break;continue}else for(b=a.scalingRatio,s=0;s<g;s+=tt)for(l=0;l<s;l+=tt)x=e[s+Se]-e[l+Se],_=e[s+be]-e[l+be],m===!0?(w=Math.sqrt(x*x+_*_)-e[s+ja]-e[l+ja],w>0?(A=b*e[s+he]*e[l+he]/w/w,e[s+ue]+=x*A,e[s+de]+=_*A,e[l+ue]-=x*A,e[l+de]-=_*A):w<0&&(A=100*b*e[s+he]*e[l+he],e[s+ue]+=x*A,e[s+de]+=_*A,e[l+ue]-=x*A,e[l+de]-=_*A)):(w=Math.sqrt(x*x+_*_),w>0&&(A=b*e[s+he]*e[l+he]/w/w,e[s+ue]+=x*A,e[s+de]+=_*A,e[l+ue]-=x*A,e[l+de]-=_*A));for(h=a.gravity/a.scalingRatio,b=a.scalingRatio,o=0;o<g;o+=tt)A=0,x=e[o+Se],_=e[o+be],w=Math.sqrt(Math.pow(x,2)+Math.pow(_,2)),a.strongGravityMode?w>0&&(A=b*e[o+he]*h):w>0&&(A=b*e[o+he]*h/w),e[o+ue]-=x*A,e[o+de]-=_*A;for(b=1*(a.outboundAttractionDistribution?y:1),d=0;d<p;d+=$f)s=t[d+Bf],l=t[d+Uf],c=t[d+Hf],E=Math.pow(c,a.edgeWeightInfluence),x=e[s+Se]-e[l+Se],_=e[s+be]-e[l+be],m===!0?(w=Math.sqrt(x*x+_*_)-e[s+ja]-e[l+ja],a.linLogMode?a.outboundAttractionDistribution?w>0&&(A=-b*E*Math.log(1+w)/w/e[s+he]):w>0&&(A=-b*E*Math.log(1+w)/w):a.outboundAttractionDistribution?w>0&&(A=-b*E/e[s+he]):w>0&&(A=-b*E)):(w=Math.sqrt(Math.pow(x,2)+Math.pow(_,2)),a.linLogMode?a.outboundAttractionDistribution?w>0&&(A=-b*E*Math.log(1+w)/w/e[s+he]):w>0&&(A=-b*E*Math.log(1+w)/w):a.outboundAttractionDistribution?(w=1,A=-b*E/e[s+he]):(w=1,A=-b*E)),w>0&&(e[s+ue]+=x*A,e[s+de]+=_*A,e[l+ue]-=x*A,e[l+de]-=_*A);var F,M,z,D,q,j;if(m===!0)for(o=0;o<g;o+=tt)e[o+Vs]!==1&&(F=Math.sqrt(Math.pow(e[o+ue],2)+Math.pow(e[o+de],2)),F>oi&&(e[o+ue]=e[o+ue]*oi/F,e[o+de]=e[o+de]*oi/F),M=e[o+he]*Math.sqrt((e[o+vt]-e[o+ue])*(e[o+vt]-e[o+ue])+(e[o+pt]-e[o+de])*(e[o+pt]-e[o+de])),z=Math.sqrt((e[o+vt]+e[o+ue])*(e[o+vt]+e[o+ue])+(e[o+pt]+e[o+de])*(e[o+pt]+e[o+de]))/2,D=.1*Math.log(1+z)/(1+Math.sqrt(M)),q=e[o+Se]+e[o+ue]*(D/a.slowDown),e[o+Se]=q,j=e[o+be]+e[o+de]*(D/a.slowDown),e[o+be]=j);else for(o=0;o<g;o+=tt)e[o+Vs]!==1&&(M=e[o+he]*Math.sqrt((e[o+vt]-e[o+ue])*(e[o+vt]-e[o+ue])+(e[o+pt]-e[o+de])*(e[o+pt]-e[o+de])),z=Math.sqrt((e[o+vt]+e[o+ue])*(e[o+vt]+e[o+ue])+(e[o+pt]+e[o+de])*(e[o+pt]+e[o+de]))/2,D=e[o+$s]*Math.log(1+z)/(1+Math.sqrt(M)),e[o+$s]=Math.min(1,Math.sqrt(D*(Math.pow(e[o+ue],2)+Math.pow(e[o+de],2))/(1+Math.sqrt(M)))),q=e[o+Se]+e[o+ue]*(D/a.slowDown),e[o+Se]=q,j=e[o+be]+e[o+de]*(D/a.slowDown),e[o+be]=j);return{}}});var Zs=Le((tp,Ks)=>{var Vf=Wt(),jf=Va().createEdgeWeightGetter,qf=Xs(),qn=ri(),Xf=ii();function Ys(n,a,e){if(!Vf(a))throw new Error("graphology-layout-forceatlas2: the given graph is not a valid graphology instance.");typeof e=="number"&&(e={iterations:e});var t=e.iterations;if(typeof t!="number")throw new Error("graphology-layout-forceatlas2: invalid number of iterations.");if(t<=0)throw new Error("graphology-layout-forceatlas2: you should provide a positive number of iterations.");var r=jf("getEdgeWeight"in e?e.getEdgeWeight:"weight").fromEntry,i=typeof e.outputReducer=="function"?e.outputReducer:null,o=qn.assign({},Xf,e.settings),s=qn.validateSettings(o);if(s)throw new Error("graphology-layout-forceatlas2: "+s.message);var l=qn.graphToByteArrays(a,r),u;for(u=0;u<t;u++)qf(o,l.nodes,l.edges);if(n){qn.assignLayoutChanges(a,l.nodes,i);return}return qn.collectLayoutChanges(a,l.nodes)}function Yf(n){var a=typeof n=="number"?n:n.order;return{barnesHutOptimize:a>2e3,strongGravityMode:!0,gravity:.05,scalingRatio:10,slowDown:1+Math.log(a)}}var si=Ys.bind(null,!1);si.assign=Ys.bind(null,!0);si.inferSettings=Yf;Ks.exports=si});var li=Le((np,Js)=>{function Kf(n){return!n||typeof n!="object"||typeof n=="function"||Array.isArray(n)||n instanceof Set||n instanceof Map||n instanceof RegExp||n instanceof Date}function Qs(n,a){n=n||{};var e={};for(var t in a){var r=n[t],i=a[t];if(!Kf(i)){e[t]=Qs(r,i);continue}r===void 0?e[t]=i:e[t]=r}return e}Js.exports=Qs});var tl=Le((ap,el)=>{var Zf=Wt();el.exports=function(a){if(!Zf(a))throw new Error("graphology-utils/infer-type: expecting a valid graphology instance.");var e=a.type;return e!=="mixed"?e:a.directedSize===0&&a.undirectedSize===0||a.directedSize>0&&a.undirectedSize>0?"mixed":a.directedSize>0?"directed":"undirected"}});var ui=Le((rp,nl)=>{function ut(n){if(typeof n!="function")throw new Error("obliterator/iterator: expecting a function!");this.next=n}typeof Symbol<"u"&&(ut.prototype[Symbol.iterator]=function(){return this});ut.of=function(){var n=arguments,a=n.length,e=0;return new ut(function(){return e>=a?{done:!0}:{done:!1,value:n[e++]}})};ut.empty=function(){var n=new ut(function(){return{done:!0}});return n};ut.fromSequence=function(n){var a=0,e=n.length;return new ut(function(){return a>=e?{done:!0}:{done:!1,value:n[a++]}})};ut.is=function(n){return n instanceof ut?!0:typeof n=="object"&&n!==null&&typeof n.next=="function"};nl.exports=ut});var qa=Le(dt=>{var Qf=Math.pow(2,8)-1,Jf=Math.pow(2,16)-1,eg=Math.pow(2,32)-1,tg=Math.pow(2,7)-1,ng=Math.pow(2,15)-1,ag=Math.pow(2,31)-1;dt.getPointerArray=function(n){var a=n-1;if(a<=Qf)return Uint8Array;if(a<=Jf)return Uint16Array;if(a<=eg)return Uint32Array;throw new Error("mnemonist: Pointer Array of size > 4294967295 is not supported.")};dt.getSignedPointerArray=function(n){var a=n-1;return a<=tg?Int8Array:a<=ng?Int16Array:a<=ag?Int32Array:Float64Array};dt.getNumberType=function(n){return n===(n|0)?Math.sign(n)===-1?n<=127&&n>=-128?Int8Array:n<=32767&&n>=-32768?Int16Array:Int32Array:n<=255?Uint8Array:n<=65535?Uint16Array:Uint32Array:Float64Array};var rg={Uint8Array:1,Int8Array:2,Uint16Array:3,Int16Array:4,Uint32Array:5,Int32Array:6,Float32Array:7,Float64Array:8};dt.getMinimalRepresentation=function(n,a){var e=null,t=0,r,i,o,s,l;for(s=0,l=n.length;s<l;s++)o=a?a(n[s]):n[s],i=dt.getNumberType(o),r=rg[i.name],r>t&&(t=r,e=i);return e};dt.isTypedArray=function(n){return typeof ArrayBuffer<"u"&&ArrayBuffer.isView(n)};dt.concat=function(){var n=0,a,e,t;for(a=0,t=arguments.length;a<t;a++)n+=arguments[a].length;var r=new arguments[0].constructor(n);for(a=0,e=0;a<t;a++)r.set(arguments[a],e),e+=arguments[a].length;return r};dt.indices=function(n){for(var a=dt.getPointerArray(n),e=new a(n),t=0;t<n;t++)e[t]=t;return e}});var rl=Le((op,al)=>{var di=ui(),ig=qa().getPointerArray;function Ge(n,a){arguments.length<2&&(a=n,n=Array);var e=ig(a);this.size=0,this.length=a,this.dense=new e(a),this.sparse=new e(a),this.vals=new n(a)}Ge.prototype.clear=function(){this.size=0};Ge.prototype.has=function(n){var a=this.sparse[n];return a<this.size&&this.dense[a]===n};Ge.prototype.get=function(n){var a=this.sparse[n];if(a<this.size&&this.dense[a]===n)return this.vals[a]};Ge.prototype.set=function(n,a){var e=this.sparse[n];return e<this.size&&this.dense[e]===n?(this.vals[e]=a,this):(this.dense[this.size]=n,this.sparse[n]=this.size,this.vals[this.size]=a,this.size++,this)};Ge.prototype.delete=function(n){var a=this.sparse[n];return a>=this.size||this.dense[a]!==n?!1:(a=this.dense[this.size-1],this.dense[this.sparse[n]]=a,this.sparse[a]=this.sparse[n],this.size--,!0)};Ge.prototype.forEach=function(n,a){a=arguments.length>1?a:this;for(var e=0;e<this.size;e++)n.call(a,this.vals[e],this.dense[e])};Ge.prototype.keys=function(){var n=this.size,a=this.dense,e=0;return new di(function(){if(e<n){var t=a[e];return e++,{value:t}}return{done:!0}})};Ge.prototype.values=function(){var n=this.size,a=this.vals,e=0;return new di(function(){if(e<n){var t=a[e];return e++,{value:t}}return{done:!0}})};Ge.prototype.entries=function(){var n=this.size,a=this.dense,e=this.vals,t=0;return new di(function(){if(t<n){var r=[a[t],e[t]];return t++,{value:r}}return{done:!0}})};typeof Symbol<"u"&&(Ge.prototype[Symbol.iterator]=Ge.prototype.entries);Ge.prototype.inspect=function(){for(var n=new Map,a=0;a<this.size;a++)n.set(this.dense[a],this.vals[a]);return Object.defineProperty(n,"constructor",{value:Ge,enumerable:!1}),n.length=this.length,this.vals.constructor!==Array&&(n.type=this.vals.constructor.name),n};typeof Symbol<"u"&&(Ge.prototype[Symbol.for("nodejs.util.inspect.custom")]=Ge.prototype.inspect);al.exports=Ge});var ol=Le((sp,il)=>{var og=ui(),sg=qa().getPointerArray;function Be(n){var a=sg(n);this.start=0,this.size=0,this.capacity=n,this.dense=new a(n),this.sparse=new a(n)}Be.prototype.clear=function(){this.start=0,this.size=0};Be.prototype.has=function(n){if(this.size===0)return!1;var a=this.sparse[n],e=a<this.capacity&&a>=this.start&&a<this.start+this.size||a<(this.start+this.size)%this.capacity;return e&&this.dense[a]===n};Be.prototype.enqueue=function(n){var a=this.sparse[n];if(this.size!==0){var e=a<this.capacity&&a>=this.start&&a<this.start+this.size||a<(this.start+this.size)%this.capacity;if(e&&this.dense[a]===n)return this}return a=(this.start+this.size)%this.capacity,this.dense[a]=n,this.sparse[n]=a,this.size++,this};Be.prototype.dequeue=function(){if(this.size!==0){var n=this.start;this.size--,this.start++,this.start===this.capacity&&(this.start=0);var a=this.dense[n];return this.sparse[a]=this.capacity,a}};Be.prototype.forEach=function(n,a){a=arguments.length>1?a:this;for(var e=this.capacity,t=this.size,r=this.start,i=0;i<t;)n.call(a,this.dense[r],i,this),r++,i++,r===e&&(r=0)};Be.prototype.values=function(){var n=this.dense,a=this.capacity,e=this.size,t=this.start,r=0;return new og(function(){if(r>=e)return{done:!0};var i=n[t];return t++,r++,t===a&&(t=0),{value:i,done:!1}})};typeof Symbol<"u"&&(Be.prototype[Symbol.iterator]=Be.prototype.values);Be.prototype.inspect=function(){var n=[];return this.forEach(function(a){n.push(a)}),Object.defineProperty(n,"constructor",{value:Be,enumerable:!1}),n.capacity=this.capacity,n};typeof Symbol<"u"&&(Be.prototype[Symbol.for("nodejs.util.inspect.custom")]=Be.prototype.inspect);il.exports=Be});var dl=Le((lp,ul)=>{function sl(n){return function(a){return typeof a!="number"&&(a=a.length),Math.floor(n()*a)}}var ll=sl(Math.random);ll.createRandomIndex=sl;ul.exports=ll});var vl=Le(ci=>{var Lt=qa(),cl=li(),hl=Va().createEdgeWeightGetter,fl=Symbol.for("nodejs.util.inspect.custom"),gl={getEdgeWeight:"weight",keepDendrogram:!1,resolution:1};function xe(n,a){a=cl(a,gl);var e=a.resolution,t=hl(a.getEdgeWeight).fromEntry,r=(n.size-n.selfLoopCount)*2,i=Lt.getPointerArray(r),o=Lt.getPointerArray(n.order+1),s=a.getEdgeWeight?Float64Array:Lt.getPointerArray(n.size*2);this.C=n.order,this.M=0,this.E=r,this.U=0,this.resolution=e,this.level=0,this.graph=n,this.nodes=new Array(n.order),this.keepDendrogram=a.keepDendrogram,this.neighborhood=new o(r),this.weights=new s(r),this.loops=new s(n.order),this.starts=new i(n.order+1),this.belongings=new o(n.order),this.dendrogram=[],this.mapping=null,this.counts=new o(n.order),this.unused=new o(n.order),this.totalWeights=new s(n.order);var l={},u,d=0,c=0,h=this;n.forEachNode(function(f){h.nodes[d]=f,l[f]=d,c+=n.undirectedDegreeWithoutSelfLoops(f),h.starts[d]=c,h.belongings[d]=d,h.counts[d]=1,d++}),n.forEachEdge(function(f,g,p,m,v,y,b){if(u=t(f,g,p,m,v,y,b),p=l[p],m=l[m],h.M+=u,p===m)h.totalWeights[p]+=u*2,h.loops[p]=u*2;else{h.totalWeights[p]+=u,h.totalWeights[m]+=u;var x=--h.starts[p],_=--h.starts[m];h.neighborhood[x]=m,h.neighborhood[_]=p,h.weights[x]=u,h.weights[_]=u}}),this.starts[d]=this.E,this.keepDendrogram?this.dendrogram.push(this.belongings.slice()):this.mapping=this.belongings.slice()}xe.prototype.isolate=function(n,a){var e=this.belongings[n];if(this.counts[e]===1)return e;var t=this.unused[--this.U],r=this.loops[n];return this.totalWeights[e]-=a+r,this.totalWeights[t]+=a+r,this.belongings[n]=t,this.counts[e]--,this.counts[t]++,t};xe.prototype.move=function(n,a,e){var t=this.belongings[n],r=this.loops[n];this.totalWeights[t]-=a+r,this.totalWeights[e]+=a+r,this.belongings[n]=e;var i=this.counts[t]--===1;this.counts[e]++,i&&(this.unused[this.U++]=t)};xe.prototype.computeNodeDegree=function(n){var a,e,t,r=0;for(a=this.starts[n],e=this.starts[n+1];a<e;a++)t=this.weights[a],r+=t;return r};xe.prototype.expensiveIsolate=function(n){var a=this.computeNodeDegree(n);return this.isolate(n,a)};xe.prototype.expensiveMove=function(n,a){var e=this.computeNodeDegree(n);this.move(n,e,a)};xe.prototype.zoomOut=function(){var n=new Array(this.C-this.U),a={},e=this.nodes.length,t=0,r=0,i,o,s,l,u,d,c,h,f;for(i=0,s=this.C;i<s;i++)d=this.belongings[i],d in a||(a[d]=t,n[t]={adj:{},totalWeights:this.totalWeights[d],internalWeights:0},t++),this.belongings[i]=a[d];var g,p;if(this.keepDendrogram){for(g=this.dendrogram[this.level],p=new(Lt.getPointerArray(t))(e),i=0;i<e;i++)p[i]=this.belongings[g[i]];this.dendrogram.push(p)}else for(i=0;i<e;i++)this.mapping[i]=this.belongings[this.mapping[i]];for(i=0,s=this.C;i<s;i++)for(d=this.belongings[i],h=n[d],f=h.adj,h.internalWeights+=this.loops[i],o=this.starts[i],l=this.starts[i+1];o<l;o++){if(u=this.neighborhood[o],c=this.belongings[u],d===c){h.internalWeights+=this.weights[o];continue}c in f||(f[c]=0),f[c]+=this.weights[o]}for(this.C=t,u=0,d=0;d<t;d++){h=n[d],f=h.adj,d=+d,this.totalWeights[d]=h.totalWeights,this.loops[d]=h.internalWeights,this.counts[d]=1,this.starts[d]=u,this.belongings[d]=d;for(c in f)this.neighborhood[u]=+c,this.weights[u]=f[c],r++,u++}return this.starts[t]=r,this.E=r,this.U=0,this.level++,a};xe.prototype.modularity=function(){var n,a,e,t,r,i=0,o=this.M*2,s=new Float64Array(this.C);for(e=0;e<this.C;e++)for(n=this.belongings[e],s[n]+=this.loops[e],t=this.starts[e],r=this.starts[e+1];t<r;t++)a=this.belongings[this.neighborhood[t]],n===a&&(s[n]+=this.weights[t]);for(e=0;e<this.C;e++)i+=s[e]/o-Math.pow(this.totalWeights[e]/o,2)*this.resolution;return i};xe.prototype.delta=function(n,a,e,t){var r=this.M,i=this.totalWeights[t];return a+=this.loops[n],e/r-i*a*this.resolution/(2*r*r)};xe.prototype.deltaWithOwnCommunity=function(n,a,e,t){var r=this.M,i=this.totalWeights[t];return a+=this.loops[n],e/r-(i-a)*a*this.resolution/(2*r*r)};xe.prototype.fastDelta=function(n,a,e,t){var r=this.M,i=this.totalWeights[t];return a+=this.loops[n],e-a*i*this.resolution/(2*r)};xe.prototype.fastDeltaWithOwnCommunity=function(n,a,e,t){var r=this.M,i=this.totalWeights[t];return a+=this.loops[n],e-a*(i-a)*this.resolution/(2*r)};xe.prototype.bounds=function(n){return[this.starts[n],this.starts[n+1]]};xe.prototype.project=function(){var n=this,a={};return n.nodes.slice(0,this.C).forEach(function(e,t){a[e]=Array.from(n.neighborhood.slice(n.starts[t],n.starts[t+1])).map(function(r){return n.nodes[r]})}),a};xe.prototype.collect=function(n){arguments.length<1&&(n=this.level);var a={},e=this.keepDendrogram?this.dendrogram[n]:this.mapping,t,r;for(t=0,r=e.length;t<r;t++)a[this.nodes[t]]=e[t];return a};xe.prototype.assign=function(n,a){arguments.length<2&&(a=this.level);var e=this.keepDendrogram?this.dendrogram[a]:this.mapping,t,r;for(t=0,r=e.length;t<r;t++)this.graph.setNodeAttribute(this.nodes[t],n,e[t])};xe.prototype[fl]=function(){var n={};Object.defineProperty(n,"constructor",{value:xe,enumerable:!1}),n.C=this.C,n.M=this.M,n.E=this.E,n.U=this.U,n.resolution=this.resolution,n.level=this.level,n.nodes=this.nodes,n.starts=this.starts.slice(0,n.C+1);var a=["neighborhood","weights"],e=["counts","loops","belongings","totalWeights"],t=this;return a.forEach(function(r){n[r]=t[r].slice(0,n.E)}),e.forEach(function(r){n[r]=t[r].slice(0,n.C)}),n.unused=this.unused.slice(0,this.U),this.keepDendrogram?n.dendrogram=this.dendrogram:n.mapping=this.mapping,n};function we(n,a){a=cl(a,gl);var e=a.resolution,t=hl(a.getEdgeWeight).fromEntry,r=(n.size-n.selfLoopCount)*2,i=Lt.getPointerArray(r),o=Lt.getPointerArray(n.order+1),s=a.getEdgeWeight?Float64Array:Lt.getPointerArray(n.size*2);this.C=n.order,this.M=0,this.E=r,this.U=0,this.resolution=e,this.level=0,this.graph=n,this.nodes=new Array(n.order),this.keepDendrogram=a.keepDendrogram,this.neighborhood=new o(r),this.weights=new s(r),this.loops=new s(n.order),this.starts=new i(n.order+1),this.offsets=new i(n.order),this.belongings=new o(n.order),this.dendrogram=[],this.counts=new o(n.order),this.unused=new o(n.order),this.totalInWeights=new s(n.order),this.totalOutWeights=new s(n.order);var l={},u,d=0,c=0,h=this;n.forEachNode(function(f){h.nodes[d]=f,l[f]=d,c+=n.outDegreeWithoutSelfLoops(f),h.starts[d]=c,c+=n.inDegreeWithoutSelfLoops(f),h.offsets[d]=c,h.belongings[d]=d,h.counts[d]=1,d++}),n.forEachEdge(function(f,g,p,m,v,y,b){if(u=t(f,g,p,m,v,y,b),p=l[p],m=l[m],h.M+=u,p===m)h.loops[p]+=u,h.totalInWeights[p]+=u,h.totalOutWeights[p]+=u;else{h.totalOutWeights[p]+=u,h.totalInWeights[m]+=u;var x=--h.starts[p],_=--h.offsets[m];h.neighborhood[x]=m,h.neighborhood[_]=p,h.weights[x]=u,h.weights[_]=u}}),this.starts[d]=this.E,this.keepDendrogram?this.dendrogram.push(this.belongings.slice()):this.mapping=this.belongings.slice()}we.prototype.bounds=xe.prototype.bounds;we.prototype.inBounds=function(n){return[this.offsets[n],this.starts[n+1]]};we.prototype.outBounds=function(n){return[this.starts[n],this.offsets[n]]};we.prototype.project=xe.prototype.project;we.prototype.projectIn=function(){var n=this,a={};return n.nodes.slice(0,this.C).forEach(function(e,t){a[e]=Array.from(n.neighborhood.slice(n.offsets[t],n.starts[t+1])).map(function(r){return n.nodes[r]})}),a};we.prototype.projectOut=function(){var n=this,a={};return n.nodes.slice(0,this.C).forEach(function(e,t){a[e]=Array.from(n.neighborhood.slice(n.starts[t],n.offsets[t])).map(function(r){return n.nodes[r]})}),a};we.prototype.isolate=function(n,a,e){var t=this.belongings[n];if(this.counts[t]===1)return t;var r=this.unused[--this.U],i=this.loops[n];return this.totalInWeights[t]-=a+i,this.totalInWeights[r]+=a+i,this.totalOutWeights[t]-=e+i,this.totalOutWeights[r]+=e+i,this.belongings[n]=r,this.counts[t]--,this.counts[r]++,r};we.prototype.move=function(n,a,e,t){var r=this.belongings[n],i=this.loops[n];this.totalInWeights[r]-=a+i,this.totalInWeights[t]+=a+i,this.totalOutWeights[r]-=e+i,this.totalOutWeights[t]+=e+i,this.belongings[n]=t;var o=this.counts[r]--===1;this.counts[t]++,o&&(this.unused[this.U++]=r)};we.prototype.computeNodeInDegree=function(n){var a,e,t,r=0;for(a=this.offsets[n],e=this.starts[n+1];a<e;a++)t=this.weights[a],r+=t;return r};we.prototype.computeNodeOutDegree=function(n){var a,e,t,r=0;for(a=this.starts[n],e=this.offsets[n];a<e;a++)t=this.weights[a],r+=t;return r};we.prototype.expensiveMove=function(n,a){var e=this.computeNodeInDegree(n),t=this.computeNodeOutDegree(n);this.move(n,e,t,a)};we.prototype.zoomOut=function(){var n=new Array(this.C-this.U),a={},e=this.nodes.length,t=0,r=0,i,o,s,l,u,d,c,h,f,g,p,m,v;for(i=0,s=this.C;i<s;i++)d=this.belongings[i],d in a||(a[d]=t,n[t]={inAdj:{},outAdj:{},totalInWeights:this.totalInWeights[d],totalOutWeights:this.totalOutWeights[d],internalWeights:0},t++),this.belongings[i]=a[d];var y,b;if(this.keepDendrogram){for(y=this.dendrogram[this.level],b=new(Lt.getPointerArray(t))(e),i=0;i<e;i++)b[i]=this.belongings[y[i]];this.dendrogram.push(b)}else for(i=0;i<e;i++)this.mapping[i]=this.belongings[this.mapping[i]];for(i=0,s=this.C;i<s;i++)for(d=this.belongings[i],f=this.offsets[i],h=n[d],m=h.inAdj,v=h.outAdj,h.internalWeights+=this.loops[i],o=this.starts[i],l=this.starts[i+1];o<l;o++){if(u=this.neighborhood[o],c=this.belongings[u],g=o<f,p=g?v:m,d===c){g&&(h.internalWeights+=this.weights[o]);continue}c in p||(p[c]=0),p[c]+=this.weights[o]}for(this.C=t,u=0,d=0;d<t;d++){h=n[d],m=h.inAdj,v=h.outAdj,d=+d,this.totalInWeights[d]=h.totalInWeights,this.totalOutWeights[d]=h.totalOutWeights,this.loops[d]=h.internalWeights,this.counts[d]=1,this.starts[d]=u,this.belongings[d]=d;for(c in v)this.neighborhood[u]=+c,this.weights[u]=v[c],r++,u++;this.offsets[d]=u;for(c in m)this.neighborhood[u]=+c,this.weights[u]=m[c],r++,u++}return this.starts[t]=r,this.E=r,this.U=0,this.level++,a};we.prototype.modularity=function(){var n,a,e,t,r,i=0,o=this.M,s=new Float64Array(this.C);for(e=0;e<this.C;e++)for(n=this.belongings[e],s[n]+=this.loops[e],t=this.starts[e],r=this.offsets[e];t<r;t++)a=this.belongings[this.neighborhood[t]],n===a&&(s[n]+=this.weights[t]);for(e=0;e<this.C;e++)i+=s[e]/o-this.totalInWeights[e]*this.totalOutWeights[e]/Math.pow(o,2)*this.resolution;return i};we.prototype.delta=function(n,a,e,t,r){var i=this.M,o=this.totalInWeights[r],s=this.totalOutWeights[r],l=this.loops[n];return a+=l,e+=l,t/i-(e*o+a*s)*this.resolution/(i*i)};we.prototype.deltaWithOwnCommunity=function(n,a,e,t,r){var i=this.M,o=this.totalInWeights[r],s=this.totalOutWeights[r],l=this.loops[n];return a+=l,e+=l,t/i-(e*(o-a)+a*(s-e))*this.resolution/(i*i)};we.prototype.collect=xe.prototype.collect;we.prototype.assign=xe.prototype.assign;we.prototype[fl]=function(){var n={};Object.defineProperty(n,"constructor",{value:we,enumerable:!1}),n.C=this.C,n.M=this.M,n.E=this.E,n.U=this.U,n.resolution=this.resolution,n.level=this.level,n.nodes=this.nodes,n.starts=this.starts.slice(0,n.C+1);var a=["neighborhood","weights"],e=["counts","offsets","loops","belongings","totalInWeights","totalOutWeights"],t=this;return a.forEach(function(r){n[r]=t[r].slice(0,n.E)}),e.forEach(function(r){n[r]=t[r].slice(0,n.C)}),n.unused=this.unused.slice(0,this.U),this.keepDendrogram?n.dendrogram=this.dendrogram:n.mapping=this.mapping,n};ci.UndirectedLouvainIndex=xe;ci.DirectedLouvainIndex=we});var Tl=Le((dp,xl)=>{var lg=li(),ug=Wt(),dg=tl(),pl=rl(),ml=ol(),yl=dl().createRandomIndex,bl=vl(),cg=bl.UndirectedLouvainIndex,hg=bl.DirectedLouvainIndex,_l={nodeCommunityAttribute:"community",getEdgeWeight:"weight",fastLocalMoves:!0,randomWalk:!0,resolution:1,rng:Math.random};function Xa(n,a,e){var t=n.get(a);typeof t>"u"&&(t=0),t+=e,n.set(a,t)}var fg=1e-10;function Ya(n,a,e,t,r){return Math.abs(t-r)<fg?n===a?!1:e>n:t>r}function gg(n,a,e){var t=new cg(a,{getEdgeWeight:e.getEdgeWeight,keepDendrogram:n,resolution:e.resolution}),r=yl(e.rng),i=!0,o=!0,s,l,u=new pl(Float64Array,t.C),d,c,h,f,g,p,m,v,y,b,x,_,E,w,A,S,L=0,G=0,C=[],N,k;for(e.fastLocalMoves&&(d=new ml(t.C));i;){if(b=t.C,i=!1,o=!0,e.fastLocalMoves){for(k=0,p=e.randomWalk?r(b):0,m=0;m<b;m++,p++)v=p%b,d.enqueue(v);for(;d.size!==0;){for(v=d.dequeue(),G++,x=0,u.clear(),s=t.belongings[v],c=t.starts[v],h=t.starts[v+1];c<h;c++)y=t.neighborhood[c],f=t.weights[c],l=t.belongings[y],x+=f,Xa(u,l,f);for(w=t.fastDeltaWithOwnCommunity(v,x,u.get(s)||0,s),E=s,g=0;g<u.size;g++)l=u.dense[g],l!==s&&(_=u.vals[g],L++,S=t.fastDelta(v,x,_,l),A=Ya(E,s,l,S,w),A&&(w=S,E=l));if(w<0){if(E=t.isolate(v,x),E===s)continue}else{if(E===s)continue;t.move(v,x,E)}for(i=!0,k++,c=t.starts[v],h=t.starts[v+1];c<h;c++)y=t.neighborhood[c],l=t.belongings[y],l!==E&&d.enqueue(y)}C.push(k)}else for(N=[],C.push(N);o;){for(o=!1,k=0,p=e.randomWalk?r(b):0,m=0;m<b;m++,p++){for(v=p%b,G++,x=0,u.clear(),s=t.belongings[v],c=t.starts[v],h=t.starts[v+1];c<h;c++)y=t.neighborhood[c],f=t.weights[c],l=t.belongings[y],x+=f,Xa(u,l,f);for(w=t.fastDeltaWithOwnCommunity(v,x,u.get(s)||0,s),E=s,g=0;g<u.size;g++)l=u.dense[g],l!==s&&(_=u.vals[g],L++,S=t.fastDelta(v,x,_,l),A=Ya(E,s,l,S,w),A&&(w=S,E=l));if(w<0){if(E=t.isolate(v,x),E===s)continue}else{if(E===s)continue;t.move(v,x,E)}o=!0,k++}N.push(k),i=o||i}i&&t.zoomOut()}var I={index:t,deltaComputations:L,nodesVisited:G,moves:C};return I}function vg(n,a,e){var t=new hg(a,{getEdgeWeight:e.getEdgeWeight,keepDendrogram:n,resolution:e.resolution}),r=yl(e.rng),i=!0,o=!0,s,l,u=new pl(Float64Array,t.C),d,c,h,f,g,p,m,v,y,b,x,_,E,w,A,S,L,G,C,N=0,k=0,I=[],W,P;for(e.fastLocalMoves&&(d=new ml(t.C));i;){if(_=t.C,i=!1,o=!0,e.fastLocalMoves){for(P=0,v=e.randomWalk?r(_):0,y=0;y<_;y++,v++)b=v%_,d.enqueue(b);for(;d.size!==0;){for(b=d.dequeue(),k++,E=0,w=0,u.clear(),s=t.belongings[b],c=t.starts[b],h=t.starts[b+1],f=t.offsets[b];c<h;c++)g=c<f,x=t.neighborhood[c],p=t.weights[c],l=t.belongings[x],g?w+=p:E+=p,Xa(u,l,p);for(L=t.deltaWithOwnCommunity(b,E,w,u.get(s)||0,s),S=s,m=0;m<u.size;m++)l=u.dense[m],l!==s&&(A=u.vals[m],N++,C=t.delta(b,E,w,A,l),G=Ya(S,s,l,C,L),G&&(L=C,S=l));if(L<0){if(S=t.isolate(b,E,w),S===s)continue}else{if(S===s)continue;t.move(b,E,w,S)}for(i=!0,P++,c=t.starts[b],h=t.starts[b+1];c<h;c++)x=t.neighborhood[c],l=t.belongings[x],l!==S&&d.enqueue(x)}I.push(P)}else for(W=[],I.push(W);o;){for(o=!1,P=0,v=e.randomWalk?r(_):0,y=0;y<_;y++,v++){for(b=v%_,k++,E=0,w=0,u.clear(),s=t.belongings[b],c=t.starts[b],h=t.starts[b+1],f=t.offsets[b];c<h;c++)g=c<f,x=t.neighborhood[c],p=t.weights[c],l=t.belongings[x],g?w+=p:E+=p,Xa(u,l,p);for(L=t.deltaWithOwnCommunity(b,E,w,u.get(s)||0,s),S=s,m=0;m<u.size;m++)l=u.dense[m],l!==s&&(A=u.vals[m],N++,C=t.delta(b,E,w,A,l),G=Ya(S,s,l,C,L),G&&(L=C,S=l));if(L<0){if(S=t.isolate(b,E,w),S===s)continue}else{if(S===s)continue;t.move(b,E,w,S)}o=!0,P++}W.push(P),i=o||i}i&&t.zoomOut()}var T={index:t,deltaComputations:N,nodesVisited:k,moves:I};return T}function hi(n,a,e,t){if(!ug(e))throw new Error("graphology-communities-louvain: the given graph is not a valid graphology instance.");var r=dg(e);if(r==="mixed")throw new Error("graphology-communities-louvain: cannot run the algorithm on a true mixed graph.");t=lg(t,_l);var i=0;if(e.size===0){if(n){e.forEachNode(function(c){e.setNodeAttribute(c,t.nodeCommunityAttribute,i++)});return}var o={};return e.forEachNode(function(c){o[c]=i++}),a?{communities:o,count:e.order,deltaComputations:0,dendrogram:null,level:0,modularity:NaN,moves:null,nodesVisited:0,resolution:t.resolution}:o}var s=r==="undirected"?gg:vg,l=s(a,e,t),u=l.index;if(!a){if(n){u.assign(t.nodeCommunityAttribute);return}return u.collect()}var d={count:u.C,deltaComputations:l.deltaComputations,dendrogram:u.dendrogram,level:u.level,modularity:u.modularity(),moves:l.moves,nodesVisited:l.nodesVisited,resolution:t.resolution};return n?(u.assign(t.nodeCommunityAttribute),d):(d.communities=u.collect(),d)}var Ka=hi.bind(null,!1,!1);Ka.assign=hi.bind(null,!0,!1);Ka.detailed=hi.bind(null,!1,!0);Ka.defaults=_l;xl.exports=Ka});var Wi=Qe(Ft(),1);function iu(){let n=arguments[0];for(let a=1,e=arguments.length;a<e;a++)if(arguments[a])for(let t in arguments[a])n[t]=arguments[a][t];return n}var Ae=iu;typeof Object.assign=="function"&&(Ae=Object.assign);function $e(n,a,e,t){let r=n._nodes.get(a),i=null;return r&&(t==="mixed"?i=r.out&&r.out[e]||r.undirected&&r.undirected[e]:t==="directed"?i=r.out&&r.out[e]:i=r.undirected&&r.undirected[e]),i}function ke(n){return typeof n=="object"&&n!==null}function Oi(n){let a;for(a in n)return!1;return!0}function He(n,a,e){Object.defineProperty(n,a,{enumerable:!1,configurable:!1,writable:!0,value:e})}function Je(n,a,e){let t={enumerable:!0,configurable:!0};typeof e=="function"?t.get=e:(t.value=e,t.writable=!1),Object.defineProperty(n,a,t)}function Gi(n){return!(!ke(n)||n.attributes&&!Array.isArray(n.attributes))}function ou(){let n=Math.floor(Math.random()*256)&255;return()=>n++}function ct(){let n=arguments,a=null,e=-1;return{[Symbol.iterator](){return this},next(){let t=null;do{if(a===null){if(e++,e>=n.length)return{done:!0};a=n[e][Symbol.iterator]()}if(t=a.next(),t.done){a=null;continue}break}while(!0);return t}}}function en(){return{[Symbol.iterator](){return this},next(){return{done:!0}}}}var An=class extends Error{constructor(a){super(),this.name="GraphError",this.message=a}},X=class n extends An{constructor(a){super(a),this.name="InvalidArgumentsGraphError",typeof Error.captureStackTrace=="function"&&Error.captureStackTrace(this,n.prototype.constructor)}},V=class n extends An{constructor(a){super(a),this.name="NotFoundGraphError",typeof Error.captureStackTrace=="function"&&Error.captureStackTrace(this,n.prototype.constructor)}},J=class n extends An{constructor(a){super(a),this.name="UsageGraphError",typeof Error.captureStackTrace=="function"&&Error.captureStackTrace(this,n.prototype.constructor)}};function Mi(n,a){this.key=n,this.attributes=a,this.clear()}Mi.prototype.clear=function(){this.inDegree=0,this.outDegree=0,this.undirectedDegree=0,this.undirectedLoops=0,this.directedLoops=0,this.in={},this.out={},this.undirected={}};function Bi(n,a){this.key=n,this.attributes=a,this.clear()}Bi.prototype.clear=function(){this.inDegree=0,this.outDegree=0,this.directedLoops=0,this.in={},this.out={}};function Ui(n,a){this.key=n,this.attributes=a,this.clear()}Ui.prototype.clear=function(){this.undirectedDegree=0,this.undirectedLoops=0,this.undirected={}};function tn(n,a,e,t,r){this.key=a,this.attributes=r,this.undirected=n,this.source=e,this.target=t}tn.prototype.attach=function(){let n="out",a="in";this.undirected&&(n=a="undirected");let e=this.source.key,t=this.target.key;this.source[n][t]=this,!(this.undirected&&e===t)&&(this.target[a][e]=this)};tn.prototype.attachMulti=function(){let n="out",a="in",e=this.source.key,t=this.target.key;this.undirected&&(n=a="undirected");let r=this.source[n],i=r[t];if(typeof i>"u"){r[t]=this,this.undirected&&e===t||(this.target[a][e]=this);return}i.previous=this,this.next=i,r[t]=this,this.target[a][e]=this};tn.prototype.detach=function(){let n=this.source.key,a=this.target.key,e="out",t="in";this.undirected&&(e=t="undirected"),delete this.source[e][a],delete this.target[t][n]};tn.prototype.detachMulti=function(){let n=this.source.key,a=this.target.key,e="out",t="in";this.undirected&&(e=t="undirected"),this.previous===void 0?this.next===void 0?(delete this.source[e][a],delete this.target[t][n]):(this.next.previous=void 0,this.source[e][a]=this.next,this.target[t][n]=this.next):(this.previous.next=this.next,this.next!==void 0&&(this.next.previous=this.previous))};var Hi=0,$i=1,su=2,Vi=3;function ht(n,a,e,t,r,i,o){let s,l,u,d;if(t=""+t,e===Hi){if(s=n._nodes.get(t),!s)throw new V(`Graph.${a}: could not find the "${t}" node in the graph.`);u=r,d=i}else if(e===Vi){if(r=""+r,l=n._edges.get(r),!l)throw new V(`Graph.${a}: could not find the "${r}" edge in the graph.`);let c=l.source.key,h=l.target.key;if(t===c)s=l.target;else if(t===h)s=l.source;else throw new V(`Graph.${a}: the "${t}" node is not attached to the "${r}" edge (${c}, ${h}).`);u=i,d=o}else{if(l=n._edges.get(t),!l)throw new V(`Graph.${a}: could not find the "${t}" edge in the graph.`);e===$i?s=l.source:s=l.target,u=r,d=i}return[s,u,d]}function lu(n,a,e){n.prototype[a]=function(t,r,i){let[o,s]=ht(this,a,e,t,r,i);return o.attributes[s]}}function uu(n,a,e){n.prototype[a]=function(t,r){let[i]=ht(this,a,e,t,r);return i.attributes}}function du(n,a,e){n.prototype[a]=function(t,r,i){let[o,s]=ht(this,a,e,t,r,i);return o.attributes.hasOwnProperty(s)}}function cu(n,a,e){n.prototype[a]=function(t,r,i,o){let[s,l,u]=ht(this,a,e,t,r,i,o);return s.attributes[l]=u,this.emit("nodeAttributesUpdated",{key:s.key,type:"set",attributes:s.attributes,name:l}),this}}function hu(n,a,e){n.prototype[a]=function(t,r,i,o){let[s,l,u]=ht(this,a,e,t,r,i,o);if(typeof u!="function")throw new X(`Graph.${a}: updater should be a function.`);let d=s.attributes,c=u(d[l]);return d[l]=c,this.emit("nodeAttributesUpdated",{key:s.key,type:"set",attributes:s.attributes,name:l}),this}}function fu(n,a,e){n.prototype[a]=function(t,r,i){let[o,s]=ht(this,a,e,t,r,i);return delete o.attributes[s],this.emit("nodeAttributesUpdated",{key:o.key,type:"remove",attributes:o.attributes,name:s}),this}}function gu(n,a,e){n.prototype[a]=function(t,r,i){let[o,s]=ht(this,a,e,t,r,i);if(!ke(s))throw new X(`Graph.${a}: provided attributes are not a plain object.`);return o.attributes=s,this.emit("nodeAttributesUpdated",{key:o.key,type:"replace",attributes:o.attributes}),this}}function vu(n,a,e){n.prototype[a]=function(t,r,i){let[o,s]=ht(this,a,e,t,r,i);if(!ke(s))throw new X(`Graph.${a}: provided attributes are not a plain object.`);return Ae(o.attributes,s),this.emit("nodeAttributesUpdated",{key:o.key,type:"merge",attributes:o.attributes,data:s}),this}}function pu(n,a,e){n.prototype[a]=function(t,r,i){let[o,s]=ht(this,a,e,t,r,i);if(typeof s!="function")throw new X(`Graph.${a}: provided updater is not a function.`);return o.attributes=s(o.attributes),this.emit("nodeAttributesUpdated",{key:o.key,type:"update",attributes:o.attributes}),this}}var mu=[{name:n=>`get${n}Attribute`,attacher:lu},{name:n=>`get${n}Attributes`,attacher:uu},{name:n=>`has${n}Attribute`,attacher:du},{name:n=>`set${n}Attribute`,attacher:cu},{name:n=>`update${n}Attribute`,attacher:hu},{name:n=>`remove${n}Attribute`,attacher:fu},{name:n=>`replace${n}Attributes`,attacher:gu},{name:n=>`merge${n}Attributes`,attacher:vu},{name:n=>`update${n}Attributes`,attacher:pu}];function yu(n){mu.forEach(function({name:a,attacher:e}){e(n,a("Node"),Hi),e(n,a("Source"),$i),e(n,a("Target"),su),e(n,a("Opposite"),Vi)})}function bu(n,a,e){n.prototype[a]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${a}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${a}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${a}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${a}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${a}: could not find the "${t}" edge in the graph.`)}return i.attributes[r]}}function _u(n,a,e){n.prototype[a]=function(t){let r;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${a}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>1){if(this.multi)throw new J(`Graph.${a}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let i=""+t,o=""+arguments[1];if(r=$e(this,i,o,e),!r)throw new V(`Graph.${a}: could not find an edge for the given path ("${i}" - "${o}").`)}else{if(e!=="mixed")throw new J(`Graph.${a}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,r=this._edges.get(t),!r)throw new V(`Graph.${a}: could not find the "${t}" edge in the graph.`)}return r.attributes}}function xu(n,a,e){n.prototype[a]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${a}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${a}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${a}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${a}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${a}: could not find the "${t}" edge in the graph.`)}return i.attributes.hasOwnProperty(r)}}function Tu(n,a,e){n.prototype[a]=function(t,r,i){let o;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${a}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>3){if(this.multi)throw new J(`Graph.${a}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let s=""+t,l=""+r;if(r=arguments[2],i=arguments[3],o=$e(this,s,l,e),!o)throw new V(`Graph.${a}: could not find an edge for the given path ("${s}" - "${l}").`)}else{if(e!=="mixed")throw new J(`Graph.${a}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,o=this._edges.get(t),!o)throw new V(`Graph.${a}: could not find the "${t}" edge in the graph.`)}return o.attributes[r]=i,this.emit("edgeAttributesUpdated",{key:o.key,type:"set",attributes:o.attributes,name:r}),this}}function Eu(n,a,e){n.prototype[a]=function(t,r,i){let o;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${a}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>3){if(this.multi)throw new J(`Graph.${a}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let s=""+t,l=""+r;if(r=arguments[2],i=arguments[3],o=$e(this,s,l,e),!o)throw new V(`Graph.${a}: could not find an edge for the given path ("${s}" - "${l}").`)}else{if(e!=="mixed")throw new J(`Graph.${a}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,o=this._edges.get(t),!o)throw new V(`Graph.${a}: could not find the "${t}" edge in the graph.`)}if(typeof i!="function")throw new X(`Graph.${a}: updater should be a function.`);return o.attributes[r]=i(o.attributes[r]),this.emit("edgeAttributesUpdated",{key:o.key,type:"set",attributes:o.attributes,name:r}),this}}function Su(n,a,e){n.prototype[a]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${a}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${a}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${a}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${a}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${a}: could not find the "${t}" edge in the graph.`)}return delete i.attributes[r],this.emit("edgeAttributesUpdated",{key:i.key,type:"remove",attributes:i.attributes,name:r}),this}}function wu(n,a,e){n.prototype[a]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${a}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${a}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${a}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${a}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${a}: could not find the "${t}" edge in the graph.`)}if(!ke(r))throw new X(`Graph.${a}: provided attributes are not a plain object.`);return i.attributes=r,this.emit("edgeAttributesUpdated",{key:i.key,type:"replace",attributes:i.attributes}),this}}function Au(n,a,e){n.prototype[a]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${a}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${a}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${a}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${a}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${a}: could not find the "${t}" edge in the graph.`)}if(!ke(r))throw new X(`Graph.${a}: provided attributes are not a plain object.`);return Ae(i.attributes,r),this.emit("edgeAttributesUpdated",{key:i.key,type:"merge",attributes:i.attributes,data:r}),this}}function Ru(n,a,e){n.prototype[a]=function(t,r){let i;if(this.type!=="mixed"&&e!=="mixed"&&e!==this.type)throw new J(`Graph.${a}: cannot find this type of edges in your ${this.type} graph.`);if(arguments.length>2){if(this.multi)throw new J(`Graph.${a}: cannot use a {source,target} combo when asking about an edge's attributes in a MultiGraph since we cannot infer the one you want information about.`);let o=""+t,s=""+r;if(r=arguments[2],i=$e(this,o,s,e),!i)throw new V(`Graph.${a}: could not find an edge for the given path ("${o}" - "${s}").`)}else{if(e!=="mixed")throw new J(`Graph.${a}: calling this method with only a key (vs. a source and target) does not make sense since an edge with this key could have the other type.`);if(t=""+t,i=this._edges.get(t),!i)throw new V(`Graph.${a}: could not find the "${t}" edge in the graph.`)}if(typeof r!="function")throw new X(`Graph.${a}: provided updater is not a function.`);return i.attributes=r(i.attributes),this.emit("edgeAttributesUpdated",{key:i.key,type:"update",attributes:i.attributes}),this}}var Du=[{name:n=>`get${n}Attribute`,attacher:bu},{name:n=>`get${n}Attributes`,attacher:_u},{name:n=>`has${n}Attribute`,attacher:xu},{name:n=>`set${n}Attribute`,attacher:Tu},{name:n=>`update${n}Attribute`,attacher:Eu},{name:n=>`remove${n}Attribute`,attacher:Su},{name:n=>`replace${n}Attributes`,attacher:wu},{name:n=>`merge${n}Attributes`,attacher:Au},{name:n=>`update${n}Attributes`,attacher:Ru}];function Lu(n){Du.forEach(function({name:a,attacher:e}){e(n,a("Edge"),"mixed"),e(n,a("DirectedEdge"),"directed"),e(n,a("UndirectedEdge"),"undirected")})}var Cu=[{name:"edges",type:"mixed"},{name:"inEdges",type:"directed",direction:"in"},{name:"outEdges",type:"directed",direction:"out"},{name:"inboundEdges",type:"mixed",direction:"in"},{name:"outboundEdges",type:"mixed",direction:"out"},{name:"directedEdges",type:"directed"},{name:"undirectedEdges",type:"undirected"}];function ku(n,a,e,t){let r=!1;for(let i in a){if(i===t)continue;let o=a[i];if(r=e(o.key,o.attributes,o.source.key,o.target.key,o.source.attributes,o.target.attributes,o.undirected),n&&r)return o.key}}function Pu(n,a,e,t){let r,i,o,s=!1;for(let l in a)if(l!==t){r=a[l];do{if(i=r.source,o=r.target,s=e(r.key,r.attributes,i.key,o.key,i.attributes,o.attributes,r.undirected),n&&s)return r.key;r=r.next}while(r!==void 0)}}function ur(n,a){let e=Object.keys(n),t=e.length,r,i=0;return{[Symbol.iterator](){return this},next(){do if(r)r=r.next;else{if(i>=t)return{done:!0};let o=e[i++];if(o===a){r=void 0;continue}r=n[o]}while(!r);return{done:!1,value:{edge:r.key,attributes:r.attributes,source:r.source.key,target:r.target.key,sourceAttributes:r.source.attributes,targetAttributes:r.target.attributes,undirected:r.undirected}}}}}function Iu(n,a,e,t){let r=a[e];if(!r)return;let i=r.source,o=r.target;if(t(r.key,r.attributes,i.key,o.key,i.attributes,o.attributes,r.undirected)&&n)return r.key}function Fu(n,a,e,t){let r=a[e];if(!r)return;let i=!1;do{if(i=t(r.key,r.attributes,r.source.key,r.target.key,r.source.attributes,r.target.attributes,r.undirected),n&&i)return r.key;r=r.next}while(r!==void 0)}function dr(n,a){let e=n[a];if(e.next!==void 0)return{[Symbol.iterator](){return this},next(){if(!e)return{done:!0};let r={edge:e.key,attributes:e.attributes,source:e.source.key,target:e.target.key,sourceAttributes:e.source.attributes,targetAttributes:e.target.attributes,undirected:e.undirected};return e=e.next,{done:!1,value:r}}};let t=!1;return{[Symbol.iterator](){return this},next(){return t===!0?{done:!0}:(t=!0,{done:!1,value:{edge:e.key,attributes:e.attributes,source:e.source.key,target:e.target.key,sourceAttributes:e.source.attributes,targetAttributes:e.target.attributes,undirected:e.undirected}})}}}function Gu(n,a){if(n.size===0)return[];if(a==="mixed"||a===n.type)return Array.from(n._edges.keys());let e=a==="undirected"?n.undirectedSize:n.directedSize,t=new Array(e),r=a==="undirected",i=n._edges.values(),o=0,s,l;for(;s=i.next(),s.done!==!0;)l=s.value,l.undirected===r&&(t[o++]=l.key);return t}function ji(n,a,e,t){if(a.size===0)return;let r=e!=="mixed"&&e!==a.type,i=e==="undirected",o,s,l=!1,u=a._edges.values();for(;o=u.next(),o.done!==!0;){if(s=o.value,r&&s.undirected!==i)continue;let{key:d,attributes:c,source:h,target:f}=s;if(l=t(d,c,h.key,f.key,h.attributes,f.attributes,s.undirected),n&&l)return d}}function zu(n,a){if(n.size===0)return en();let e=a!=="mixed"&&a!==n.type,t=a==="undirected",r=n._edges.values();return{[Symbol.iterator](){return this},next(){let i,o;for(;;){if(i=r.next(),i.done)return i;if(o=i.value,!(e&&o.undirected!==t))break}return{value:{edge:o.key,attributes:o.attributes,source:o.source.key,target:o.target.key,sourceAttributes:o.source.attributes,targetAttributes:o.target.attributes,undirected:o.undirected},done:!1}}}}function cr(n,a,e,t,r,i){let o=a?Pu:ku,s;if(e!=="undirected"&&(t!=="out"&&(s=o(n,r.in,i),n&&s)||t!=="in"&&(s=o(n,r.out,i,t?void 0:r.key),n&&s))||e!=="directed"&&(s=o(n,r.undirected,i),n&&s))return s}function Nu(n,a,e,t){let r=[];return cr(!1,n,a,e,t,function(i){r.push(i)}),r}function Wu(n,a,e){let t=en();return n!=="undirected"&&(a!=="out"&&typeof e.in<"u"&&(t=ct(t,ur(e.in))),a!=="in"&&typeof e.out<"u"&&(t=ct(t,ur(e.out,a?void 0:e.key)))),n!=="directed"&&typeof e.undirected<"u"&&(t=ct(t,ur(e.undirected))),t}function hr(n,a,e,t,r,i,o){let s=e?Fu:Iu,l;if(a!=="undirected"&&(typeof r.in<"u"&&t!=="out"&&(l=s(n,r.in,i,o),n&&l)||typeof r.out<"u"&&t!=="in"&&(t||r.key!==i)&&(l=s(n,r.out,i,o),n&&l))||a!=="directed"&&typeof r.undirected<"u"&&(l=s(n,r.undirected,i,o),n&&l))return l}function Ou(n,a,e,t,r){let i=[];return hr(!1,n,a,e,t,r,function(o){i.push(o)}),i}function Mu(n,a,e,t){let r=en();return n!=="undirected"&&(typeof e.in<"u"&&a!=="out"&&t in e.in&&(r=ct(r,dr(e.in,t))),typeof e.out<"u"&&a!=="in"&&t in e.out&&(a||e.key!==t)&&(r=ct(r,dr(e.out,t)))),n!=="directed"&&typeof e.undirected<"u"&&t in e.undirected&&(r=ct(r,dr(e.undirected,t))),r}function Bu(n,a){let{name:e,type:t,direction:r}=a;n.prototype[e]=function(i,o){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return[];if(!arguments.length)return Gu(this,t);if(arguments.length===1){i=""+i;let s=this._nodes.get(i);if(typeof s>"u")throw new V(`Graph.${e}: could not find the "${i}" node in the graph.`);return Nu(this.multi,t==="mixed"?this.type:t,r,s)}if(arguments.length===2){i=""+i,o=""+o;let s=this._nodes.get(i);if(!s)throw new V(`Graph.${e}:  could not find the "${i}" source node in the graph.`);if(!this._nodes.has(o))throw new V(`Graph.${e}:  could not find the "${o}" target node in the graph.`);return Ou(t,this.multi,r,s,o)}throw new X(`Graph.${e}: too many arguments (expecting 0, 1 or 2 and got ${arguments.length}).`)}}function Uu(n,a){let{name:e,type:t,direction:r}=a,i="forEach"+e[0].toUpperCase()+e.slice(1,-1);n.prototype[i]=function(u,d,c){if(!(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)){if(arguments.length===1)return c=u,ji(!1,this,t,c);if(arguments.length===2){u=""+u,c=d;let h=this._nodes.get(u);if(typeof h>"u")throw new V(`Graph.${i}: could not find the "${u}" node in the graph.`);return cr(!1,this.multi,t==="mixed"?this.type:t,r,h,c)}if(arguments.length===3){u=""+u,d=""+d;let h=this._nodes.get(u);if(!h)throw new V(`Graph.${i}:  could not find the "${u}" source node in the graph.`);if(!this._nodes.has(d))throw new V(`Graph.${i}:  could not find the "${d}" target node in the graph.`);return hr(!1,t,this.multi,r,h,d,c)}throw new X(`Graph.${i}: too many arguments (expecting 1, 2 or 3 and got ${arguments.length}).`)}};let o="map"+e[0].toUpperCase()+e.slice(1);n.prototype[o]=function(){let u=Array.prototype.slice.call(arguments),d=u.pop(),c;if(u.length===0){let h=0;t!=="directed"&&(h+=this.undirectedSize),t!=="undirected"&&(h+=this.directedSize),c=new Array(h);let f=0;u.push((g,p,m,v,y,b,x)=>{c[f++]=d(g,p,m,v,y,b,x)})}else c=[],u.push((h,f,g,p,m,v,y)=>{c.push(d(h,f,g,p,m,v,y))});return this[i].apply(this,u),c};let s="filter"+e[0].toUpperCase()+e.slice(1);n.prototype[s]=function(){let u=Array.prototype.slice.call(arguments),d=u.pop(),c=[];return u.push((h,f,g,p,m,v,y)=>{d(h,f,g,p,m,v,y)&&c.push(h)}),this[i].apply(this,u),c};let l="reduce"+e[0].toUpperCase()+e.slice(1);n.prototype[l]=function(){let u=Array.prototype.slice.call(arguments);if(u.length<2||u.length>4)throw new X(`Graph.${l}: invalid number of arguments (expecting 2, 3 or 4 and got ${u.length}).`);if(typeof u[u.length-1]=="function"&&typeof u[u.length-2]!="function")throw new X(`Graph.${l}: missing initial value. You must provide it because the callback takes more than one argument and we cannot infer the initial value from the first iteration, as you could with a simple array.`);let d,c;u.length===2?(d=u[0],c=u[1],u=[]):u.length===3?(d=u[1],c=u[2],u=[u[0]]):u.length===4&&(d=u[2],c=u[3],u=[u[0],u[1]]);let h=c;return u.push((f,g,p,m,v,y,b)=>{h=d(h,f,g,p,m,v,y,b)}),this[i].apply(this,u),h}}function Hu(n,a){let{name:e,type:t,direction:r}=a,i="find"+e[0].toUpperCase()+e.slice(1,-1);n.prototype[i]=function(l,u,d){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return!1;if(arguments.length===1)return d=l,ji(!0,this,t,d);if(arguments.length===2){l=""+l,d=u;let c=this._nodes.get(l);if(typeof c>"u")throw new V(`Graph.${i}: could not find the "${l}" node in the graph.`);return cr(!0,this.multi,t==="mixed"?this.type:t,r,c,d)}if(arguments.length===3){l=""+l,u=""+u;let c=this._nodes.get(l);if(!c)throw new V(`Graph.${i}:  could not find the "${l}" source node in the graph.`);if(!this._nodes.has(u))throw new V(`Graph.${i}:  could not find the "${u}" target node in the graph.`);return hr(!0,t,this.multi,r,c,u,d)}throw new X(`Graph.${i}: too many arguments (expecting 1, 2 or 3 and got ${arguments.length}).`)};let o="some"+e[0].toUpperCase()+e.slice(1,-1);n.prototype[o]=function(){let l=Array.prototype.slice.call(arguments),u=l.pop();return l.push((c,h,f,g,p,m,v)=>u(c,h,f,g,p,m,v)),!!this[i].apply(this,l)};let s="every"+e[0].toUpperCase()+e.slice(1,-1);n.prototype[s]=function(){let l=Array.prototype.slice.call(arguments),u=l.pop();return l.push((c,h,f,g,p,m,v)=>!u(c,h,f,g,p,m,v)),!this[i].apply(this,l)}}function $u(n,a){let{name:e,type:t,direction:r}=a,i=e.slice(0,-1)+"Entries";n.prototype[i]=function(o,s){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return en();if(!arguments.length)return zu(this,t);if(arguments.length===1){o=""+o;let l=this._nodes.get(o);if(!l)throw new V(`Graph.${i}: could not find the "${o}" node in the graph.`);return Wu(t,r,l)}if(arguments.length===2){o=""+o,s=""+s;let l=this._nodes.get(o);if(!l)throw new V(`Graph.${i}:  could not find the "${o}" source node in the graph.`);if(!this._nodes.has(s))throw new V(`Graph.${i}:  could not find the "${s}" target node in the graph.`);return Mu(t,r,l,s)}throw new X(`Graph.${i}: too many arguments (expecting 0, 1 or 2 and got ${arguments.length}).`)}}function Vu(n){Cu.forEach(a=>{Bu(n,a),Uu(n,a),Hu(n,a),$u(n,a)})}var ju=[{name:"neighbors",type:"mixed"},{name:"inNeighbors",type:"directed",direction:"in"},{name:"outNeighbors",type:"directed",direction:"out"},{name:"inboundNeighbors",type:"mixed",direction:"in"},{name:"outboundNeighbors",type:"mixed",direction:"out"},{name:"directedNeighbors",type:"directed"},{name:"undirectedNeighbors",type:"undirected"}];function fa(){this.A=null,this.B=null}fa.prototype.wrap=function(n){this.A===null?this.A=n:this.B===null&&(this.B=n)};fa.prototype.has=function(n){return this.A!==null&&n in this.A||this.B!==null&&n in this.B};function Sn(n,a,e,t,r){for(let i in t){let o=t[i],s=o.source,l=o.target,u=s===e?l:s;if(a&&a.has(u.key))continue;let d=r(u.key,u.attributes);if(n&&d)return u.key}}function fr(n,a,e,t,r){if(a!=="mixed"){if(a==="undirected")return Sn(n,null,t,t.undirected,r);if(typeof e=="string")return Sn(n,null,t,t[e],r)}let i=new fa,o;if(a!=="undirected"){if(e!=="out"){if(o=Sn(n,null,t,t.in,r),n&&o)return o;i.wrap(t.in)}if(e!=="in"){if(o=Sn(n,i,t,t.out,r),n&&o)return o;i.wrap(t.out)}}if(a!=="directed"&&(o=Sn(n,i,t,t.undirected,r),n&&o))return o}function qu(n,a,e){if(n!=="mixed"){if(n==="undirected")return Object.keys(e.undirected);if(typeof a=="string")return Object.keys(e[a])}let t=[];return fr(!1,n,a,e,function(r){t.push(r)}),t}function wn(n,a,e){let t=Object.keys(e),r=t.length,i=0;return{[Symbol.iterator](){return this},next(){let o=null;do{if(i>=r)return n&&n.wrap(e),{done:!0};let s=e[t[i++]],l=s.source,u=s.target;if(o=l===a?u:l,n&&n.has(o.key)){o=null;continue}}while(o===null);return{done:!1,value:{neighbor:o.key,attributes:o.attributes}}}}}function Xu(n,a,e){if(n!=="mixed"){if(n==="undirected")return wn(null,e,e.undirected);if(typeof a=="string")return wn(null,e,e[a])}let t=en(),r=new fa;return n!=="undirected"&&(a!=="out"&&(t=ct(t,wn(r,e,e.in))),a!=="in"&&(t=ct(t,wn(r,e,e.out)))),n!=="directed"&&(t=ct(t,wn(r,e,e.undirected))),t}function Yu(n,a){let{name:e,type:t,direction:r}=a;n.prototype[e]=function(i){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return[];i=""+i;let o=this._nodes.get(i);if(typeof o>"u")throw new V(`Graph.${e}: could not find the "${i}" node in the graph.`);return qu(t==="mixed"?this.type:t,r,o)}}function Ku(n,a){let{name:e,type:t,direction:r}=a,i="forEach"+e[0].toUpperCase()+e.slice(1,-1);n.prototype[i]=function(u,d){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return;u=""+u;let c=this._nodes.get(u);if(typeof c>"u")throw new V(`Graph.${i}: could not find the "${u}" node in the graph.`);fr(!1,t==="mixed"?this.type:t,r,c,d)};let o="map"+e[0].toUpperCase()+e.slice(1);n.prototype[o]=function(u,d){let c=[];return this[i](u,(h,f)=>{c.push(d(h,f))}),c};let s="filter"+e[0].toUpperCase()+e.slice(1);n.prototype[s]=function(u,d){let c=[];return this[i](u,(h,f)=>{d(h,f)&&c.push(h)}),c};let l="reduce"+e[0].toUpperCase()+e.slice(1);n.prototype[l]=function(u,d,c){if(arguments.length<3)throw new X(`Graph.${l}: missing initial value. You must provide it because the callback takes more than one argument and we cannot infer the initial value from the first iteration, as you could with a simple array.`);let h=c;return this[i](u,(f,g)=>{h=d(h,f,g)}),h}}function Zu(n,a){let{name:e,type:t,direction:r}=a,i=e[0].toUpperCase()+e.slice(1,-1),o="find"+i;n.prototype[o]=function(u,d){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return;u=""+u;let c=this._nodes.get(u);if(typeof c>"u")throw new V(`Graph.${o}: could not find the "${u}" node in the graph.`);return fr(!0,t==="mixed"?this.type:t,r,c,d)};let s="some"+i;n.prototype[s]=function(u,d){return!!this[o](u,d)};let l="every"+i;n.prototype[l]=function(u,d){return!this[o](u,(h,f)=>!d(h,f))}}function Qu(n,a){let{name:e,type:t,direction:r}=a,i=e.slice(0,-1)+"Entries";n.prototype[i]=function(o){if(t!=="mixed"&&this.type!=="mixed"&&t!==this.type)return en();o=""+o;let s=this._nodes.get(o);if(typeof s>"u")throw new V(`Graph.${i}: could not find the "${o}" node in the graph.`);return Xu(t==="mixed"?this.type:t,r,s)}}function Ju(n){ju.forEach(a=>{Yu(n,a),Ku(n,a),Zu(n,a),Qu(n,a)})}function sa(n,a,e,t,r){let i=t._nodes.values(),o=t.type,s,l,u,d,c,h,f;for(;s=i.next(),s.done!==!0;){let g=!1;if(l=s.value,o!=="undirected"){d=l.out;for(u in d){c=d[u];do{if(h=c.target,g=!0,f=r(l.key,h.key,l.attributes,h.attributes,c.key,c.attributes,c.undirected),n&&f)return c;c=c.next}while(c)}}if(o!=="directed"){d=l.undirected;for(u in d)if(!(a&&l.key>u)){c=d[u];do{if(h=c.target,h.key!==u&&(h=c.source),g=!0,f=r(l.key,h.key,l.attributes,h.attributes,c.key,c.attributes,c.undirected),n&&f)return c;c=c.next}while(c)}}if(e&&!g&&(f=r(l.key,null,l.attributes,null,null,null,null),n&&f))return null}}function ed(n,a){let e={key:n};return Oi(a.attributes)||(e.attributes=Ae({},a.attributes)),e}function td(n,a,e){let t={key:a,source:e.source.key,target:e.target.key};return Oi(e.attributes)||(t.attributes=Ae({},e.attributes)),n==="mixed"&&e.undirected&&(t.undirected=!0),t}function nd(n){if(!ke(n))throw new X('Graph.import: invalid serialized node. A serialized node should be a plain object with at least a "key" property.');if(!("key"in n))throw new X("Graph.import: serialized node is missing its key.");if("attributes"in n&&(!ke(n.attributes)||n.attributes===null))throw new X("Graph.import: invalid attributes. Attributes should be a plain object, null or omitted.")}function ad(n){if(!ke(n))throw new X('Graph.import: invalid serialized edge. A serialized edge should be a plain object with at least a "source" & "target" property.');if(!("source"in n))throw new X("Graph.import: serialized edge is missing its source.");if(!("target"in n))throw new X("Graph.import: serialized edge is missing its target.");if("attributes"in n&&(!ke(n.attributes)||n.attributes===null))throw new X("Graph.import: invalid attributes. Attributes should be a plain object, null or omitted.");if("undirected"in n&&typeof n.undirected!="boolean")throw new X("Graph.import: invalid undirectedness information. Undirected should be boolean or omitted.")}var rd=ou(),id=new Set(["directed","undirected","mixed"]),zi=new Set(["domain","_events","_eventsCount","_maxListeners"]),od=[{name:n=>`${n}Edge`,generateKey:!0},{name:n=>`${n}DirectedEdge`,generateKey:!0,type:"directed"},{name:n=>`${n}UndirectedEdge`,generateKey:!0,type:"undirected"},{name:n=>`${n}EdgeWithKey`},{name:n=>`${n}DirectedEdgeWithKey`,type:"directed"},{name:n=>`${n}UndirectedEdgeWithKey`,type:"undirected"}],sd={allowSelfLoops:!0,multi:!1,type:"mixed"};function ld(n,a,e){if(e&&!ke(e))throw new X(`Graph.addNode: invalid attributes. Expecting an object but got "${e}"`);if(a=""+a,e=e||{},n._nodes.has(a))throw new J(`Graph.addNode: the "${a}" node already exist in the graph.`);let t=new n.NodeDataClass(a,e);return n._nodes.set(a,t),n.emit("nodeAdded",{key:a,attributes:e}),t}function Ni(n,a,e){let t=new n.NodeDataClass(a,e);return n._nodes.set(a,t),n.emit("nodeAdded",{key:a,attributes:e}),t}function qi(n,a,e,t,r,i,o,s){if(!t&&n.type==="undirected")throw new J(`Graph.${a}: you cannot add a directed edge to an undirected graph. Use the #.addEdge or #.addUndirectedEdge instead.`);if(t&&n.type==="directed")throw new J(`Graph.${a}: you cannot add an undirected edge to a directed graph. Use the #.addEdge or #.addDirectedEdge instead.`);if(s&&!ke(s))throw new X(`Graph.${a}: invalid attributes. Expecting an object but got "${s}"`);if(i=""+i,o=""+o,s=s||{},!n.allowSelfLoops&&i===o)throw new J(`Graph.${a}: source & target are the same ("${i}"), thus creating a loop explicitly forbidden by this graph 'allowSelfLoops' option set to false.`);let l=n._nodes.get(i),u=n._nodes.get(o);if(!l)throw new V(`Graph.${a}: source node "${i}" not found.`);if(!u)throw new V(`Graph.${a}: target node "${o}" not found.`);let d={key:null,undirected:t,source:i,target:o,attributes:s};if(e)r=n._edgeKeyGenerator();else if(r=""+r,n._edges.has(r))throw new J(`Graph.${a}: the "${r}" edge already exists in the graph.`);if(!n.multi&&(t?typeof l.undirected[o]<"u":typeof l.out[o]<"u"))throw new J(`Graph.${a}: an edge linking "${i}" to "${o}" already exists. If you really want to add multiple edges linking those nodes, you should create a multi graph by using the 'multi' option.`);let c=new tn(t,r,l,u,s);n._edges.set(r,c);let h=i===o;return t?(l.undirectedDegree++,u.undirectedDegree++,h&&(l.undirectedLoops++,n._undirectedSelfLoopCount++)):(l.outDegree++,u.inDegree++,h&&(l.directedLoops++,n._directedSelfLoopCount++)),n.multi?c.attachMulti():c.attach(),t?n._undirectedSize++:n._directedSize++,d.key=r,n.emit("edgeAdded",d),r}function ud(n,a,e,t,r,i,o,s,l){if(!t&&n.type==="undirected")throw new J(`Graph.${a}: you cannot merge/update a directed edge to an undirected graph. Use the #.mergeEdge/#.updateEdge or #.addUndirectedEdge instead.`);if(t&&n.type==="directed")throw new J(`Graph.${a}: you cannot merge/update an undirected edge to a directed graph. Use the #.mergeEdge/#.updateEdge or #.addDirectedEdge instead.`);if(s){if(l){if(typeof s!="function")throw new X(`Graph.${a}: invalid updater function. Expecting a function but got "${s}"`)}else if(!ke(s))throw new X(`Graph.${a}: invalid attributes. Expecting an object but got "${s}"`)}i=""+i,o=""+o;let u;if(l&&(u=s,s=void 0),!n.allowSelfLoops&&i===o)throw new J(`Graph.${a}: source & target are the same ("${i}"), thus creating a loop explicitly forbidden by this graph 'allowSelfLoops' option set to false.`);let d=n._nodes.get(i),c=n._nodes.get(o),h,f;if(!e&&(h=n._edges.get(r),h)){if((h.source.key!==i||h.target.key!==o)&&(!t||h.source.key!==o||h.target.key!==i))throw new J(`Graph.${a}: inconsistency detected when attempting to merge the "${r}" edge with "${i}" source & "${o}" target vs. ("${h.source.key}", "${h.target.key}").`);f=h}if(!f&&!n.multi&&d&&(f=t?d.undirected[o]:d.out[o]),f){let y=[f.key,!1,!1,!1];if(l?!u:!s)return y;if(l){let b=f.attributes;f.attributes=u(b),n.emit("edgeAttributesUpdated",{type:"replace",key:f.key,attributes:f.attributes})}else Ae(f.attributes,s),n.emit("edgeAttributesUpdated",{type:"merge",key:f.key,attributes:f.attributes,data:s});return y}s=s||{},l&&u&&(s=u(s));let g={key:null,undirected:t,source:i,target:o,attributes:s};if(e)r=n._edgeKeyGenerator();else if(r=""+r,n._edges.has(r))throw new J(`Graph.${a}: the "${r}" edge already exists in the graph.`);let p=!1,m=!1;d||(d=Ni(n,i,{}),p=!0,i===o&&(c=d,m=!0)),c||(c=Ni(n,o,{}),m=!0),h=new tn(t,r,d,c,s),n._edges.set(r,h);let v=i===o;return t?(d.undirectedDegree++,c.undirectedDegree++,v&&(d.undirectedLoops++,n._undirectedSelfLoopCount++)):(d.outDegree++,c.inDegree++,v&&(d.directedLoops++,n._directedSelfLoopCount++)),n.multi?h.attachMulti():h.attach(),t?n._undirectedSize++:n._directedSize++,g.key=r,n.emit("edgeAdded",g),[r,!0,p,m]}function Jt(n,a){n._edges.delete(a.key);let{source:e,target:t,attributes:r}=a,i=a.undirected,o=e===t;i?(e.undirectedDegree--,t.undirectedDegree--,o&&(e.undirectedLoops--,n._undirectedSelfLoopCount--)):(e.outDegree--,t.inDegree--,o&&(e.directedLoops--,n._directedSelfLoopCount--)),n.multi?a.detachMulti():a.detach(),i?n._undirectedSize--:n._directedSize--,n.emit("edgeDropped",{key:a.key,attributes:r,source:e.key,target:t.key,undirected:i})}var fe=class n extends Wi.EventEmitter{constructor(a){if(super(),a=Ae({},sd,a),typeof a.multi!="boolean")throw new X(`Graph.constructor: invalid 'multi' option. Expecting a boolean but got "${a.multi}".`);if(!id.has(a.type))throw new X(`Graph.constructor: invalid 'type' option. Should be one of "mixed", "directed" or "undirected" but got "${a.type}".`);if(typeof a.allowSelfLoops!="boolean")throw new X(`Graph.constructor: invalid 'allowSelfLoops' option. Expecting a boolean but got "${a.allowSelfLoops}".`);let e=a.type==="mixed"?Mi:a.type==="directed"?Bi:Ui;He(this,"NodeDataClass",e);let t="geid_"+rd()+"_",r=0,i=()=>{let o;do o=t+r++;while(this._edges.has(o));return o};He(this,"_attributes",{}),He(this,"_nodes",new Map),He(this,"_edges",new Map),He(this,"_directedSize",0),He(this,"_undirectedSize",0),He(this,"_directedSelfLoopCount",0),He(this,"_undirectedSelfLoopCount",0),He(this,"_edgeKeyGenerator",i),He(this,"_options",a),zi.forEach(o=>He(this,o,this[o])),Je(this,"order",()=>this._nodes.size),Je(this,"size",()=>this._edges.size),Je(this,"directedSize",()=>this._directedSize),Je(this,"undirectedSize",()=>this._undirectedSize),Je(this,"selfLoopCount",()=>this._directedSelfLoopCount+this._undirectedSelfLoopCount),Je(this,"directedSelfLoopCount",()=>this._directedSelfLoopCount),Je(this,"undirectedSelfLoopCount",()=>this._undirectedSelfLoopCount),Je(this,"multi",this._options.multi),Je(this,"type",this._options.type),Je(this,"allowSelfLoops",this._options.allowSelfLoops),Je(this,"implementation",()=>"graphology")}_resetInstanceCounters(){this._directedSize=0,this._undirectedSize=0,this._directedSelfLoopCount=0,this._undirectedSelfLoopCount=0}hasNode(a){return this._nodes.has(""+a)}hasDirectedEdge(a,e){if(this.type==="undirected")return!1;if(arguments.length===1){let t=""+a,r=this._edges.get(t);return!!r&&!r.undirected}else if(arguments.length===2){a=""+a,e=""+e;let t=this._nodes.get(a);return t?t.out.hasOwnProperty(e):!1}throw new X(`Graph.hasDirectedEdge: invalid arity (${arguments.length}, instead of 1 or 2). You can either ask for an edge id or for the existence of an edge between a source & a target.`)}hasUndirectedEdge(a,e){if(this.type==="directed")return!1;if(arguments.length===1){let t=""+a,r=this._edges.get(t);return!!r&&r.undirected}else if(arguments.length===2){a=""+a,e=""+e;let t=this._nodes.get(a);return t?t.undirected.hasOwnProperty(e):!1}throw new X(`Graph.hasDirectedEdge: invalid arity (${arguments.length}, instead of 1 or 2). You can either ask for an edge id or for the existence of an edge between a source & a target.`)}hasEdge(a,e){if(arguments.length===1){let t=""+a;return this._edges.has(t)}else if(arguments.length===2){a=""+a,e=""+e;let t=this._nodes.get(a);return t?typeof t.out<"u"&&t.out.hasOwnProperty(e)||typeof t.undirected<"u"&&t.undirected.hasOwnProperty(e):!1}throw new X(`Graph.hasEdge: invalid arity (${arguments.length}, instead of 1 or 2). You can either ask for an edge id or for the existence of an edge between a source & a target.`)}directedEdge(a,e){if(this.type==="undirected")return;if(a=""+a,e=""+e,this.multi)throw new J("Graph.directedEdge: this method is irrelevant with multigraphs since there might be multiple edges between source & target. See #.directedEdges instead.");let t=this._nodes.get(a);if(!t)throw new V(`Graph.directedEdge: could not find the "${a}" source node in the graph.`);if(!this._nodes.has(e))throw new V(`Graph.directedEdge: could not find the "${e}" target node in the graph.`);let r=t.out&&t.out[e]||void 0;if(r)return r.key}undirectedEdge(a,e){if(this.type==="directed")return;if(a=""+a,e=""+e,this.multi)throw new J("Graph.undirectedEdge: this method is irrelevant with multigraphs since there might be multiple edges between source & target. See #.undirectedEdges instead.");let t=this._nodes.get(a);if(!t)throw new V(`Graph.undirectedEdge: could not find the "${a}" source node in the graph.`);if(!this._nodes.has(e))throw new V(`Graph.undirectedEdge: could not find the "${e}" target node in the graph.`);let r=t.undirected&&t.undirected[e]||void 0;if(r)return r.key}edge(a,e){if(this.multi)throw new J("Graph.edge: this method is irrelevant with multigraphs since there might be multiple edges between source & target. See #.edges instead.");a=""+a,e=""+e;let t=this._nodes.get(a);if(!t)throw new V(`Graph.edge: could not find the "${a}" source node in the graph.`);if(!this._nodes.has(e))throw new V(`Graph.edge: could not find the "${e}" target node in the graph.`);let r=t.out&&t.out[e]||t.undirected&&t.undirected[e]||void 0;if(r)return r.key}areDirectedNeighbors(a,e){a=""+a,e=""+e;let t=this._nodes.get(a);if(!t)throw new V(`Graph.areDirectedNeighbors: could not find the "${a}" node in the graph.`);return this.type==="undirected"?!1:e in t.in||e in t.out}areOutNeighbors(a,e){a=""+a,e=""+e;let t=this._nodes.get(a);if(!t)throw new V(`Graph.areOutNeighbors: could not find the "${a}" node in the graph.`);return this.type==="undirected"?!1:e in t.out}areInNeighbors(a,e){a=""+a,e=""+e;let t=this._nodes.get(a);if(!t)throw new V(`Graph.areInNeighbors: could not find the "${a}" node in the graph.`);return this.type==="undirected"?!1:e in t.in}areUndirectedNeighbors(a,e){a=""+a,e=""+e;let t=this._nodes.get(a);if(!t)throw new V(`Graph.areUndirectedNeighbors: could not find the "${a}" node in the graph.`);return this.type==="directed"?!1:e in t.undirected}areNeighbors(a,e){a=""+a,e=""+e;let t=this._nodes.get(a);if(!t)throw new V(`Graph.areNeighbors: could not find the "${a}" node in the graph.`);return this.type!=="undirected"&&(e in t.in||e in t.out)||this.type!=="directed"&&e in t.undirected}areInboundNeighbors(a,e){a=""+a,e=""+e;let t=this._nodes.get(a);if(!t)throw new V(`Graph.areInboundNeighbors: could not find the "${a}" node in the graph.`);return this.type!=="undirected"&&e in t.in||this.type!=="directed"&&e in t.undirected}areOutboundNeighbors(a,e){a=""+a,e=""+e;let t=this._nodes.get(a);if(!t)throw new V(`Graph.areOutboundNeighbors: could not find the "${a}" node in the graph.`);return this.type!=="undirected"&&e in t.out||this.type!=="directed"&&e in t.undirected}inDegree(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.inDegree: could not find the "${a}" node in the graph.`);return this.type==="undirected"?0:e.inDegree}outDegree(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.outDegree: could not find the "${a}" node in the graph.`);return this.type==="undirected"?0:e.outDegree}directedDegree(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.directedDegree: could not find the "${a}" node in the graph.`);return this.type==="undirected"?0:e.inDegree+e.outDegree}undirectedDegree(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.undirectedDegree: could not find the "${a}" node in the graph.`);return this.type==="directed"?0:e.undirectedDegree}inboundDegree(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.inboundDegree: could not find the "${a}" node in the graph.`);let t=0;return this.type!=="directed"&&(t+=e.undirectedDegree),this.type!=="undirected"&&(t+=e.inDegree),t}outboundDegree(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.outboundDegree: could not find the "${a}" node in the graph.`);let t=0;return this.type!=="directed"&&(t+=e.undirectedDegree),this.type!=="undirected"&&(t+=e.outDegree),t}degree(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.degree: could not find the "${a}" node in the graph.`);let t=0;return this.type!=="directed"&&(t+=e.undirectedDegree),this.type!=="undirected"&&(t+=e.inDegree+e.outDegree),t}inDegreeWithoutSelfLoops(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.inDegreeWithoutSelfLoops: could not find the "${a}" node in the graph.`);return this.type==="undirected"?0:e.inDegree-e.directedLoops}outDegreeWithoutSelfLoops(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.outDegreeWithoutSelfLoops: could not find the "${a}" node in the graph.`);return this.type==="undirected"?0:e.outDegree-e.directedLoops}directedDegreeWithoutSelfLoops(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.directedDegreeWithoutSelfLoops: could not find the "${a}" node in the graph.`);return this.type==="undirected"?0:e.inDegree+e.outDegree-e.directedLoops*2}undirectedDegreeWithoutSelfLoops(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.undirectedDegreeWithoutSelfLoops: could not find the "${a}" node in the graph.`);return this.type==="directed"?0:e.undirectedDegree-e.undirectedLoops*2}inboundDegreeWithoutSelfLoops(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.inboundDegreeWithoutSelfLoops: could not find the "${a}" node in the graph.`);let t=0,r=0;return this.type!=="directed"&&(t+=e.undirectedDegree,r+=e.undirectedLoops*2),this.type!=="undirected"&&(t+=e.inDegree,r+=e.directedLoops),t-r}outboundDegreeWithoutSelfLoops(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.outboundDegreeWithoutSelfLoops: could not find the "${a}" node in the graph.`);let t=0,r=0;return this.type!=="directed"&&(t+=e.undirectedDegree,r+=e.undirectedLoops*2),this.type!=="undirected"&&(t+=e.outDegree,r+=e.directedLoops),t-r}degreeWithoutSelfLoops(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.degreeWithoutSelfLoops: could not find the "${a}" node in the graph.`);let t=0,r=0;return this.type!=="directed"&&(t+=e.undirectedDegree,r+=e.undirectedLoops*2),this.type!=="undirected"&&(t+=e.inDegree+e.outDegree,r+=e.directedLoops*2),t-r}source(a){a=""+a;let e=this._edges.get(a);if(!e)throw new V(`Graph.source: could not find the "${a}" edge in the graph.`);return e.source.key}target(a){a=""+a;let e=this._edges.get(a);if(!e)throw new V(`Graph.target: could not find the "${a}" edge in the graph.`);return e.target.key}extremities(a){a=""+a;let e=this._edges.get(a);if(!e)throw new V(`Graph.extremities: could not find the "${a}" edge in the graph.`);return[e.source.key,e.target.key]}opposite(a,e){a=""+a,e=""+e;let t=this._edges.get(e);if(!t)throw new V(`Graph.opposite: could not find the "${e}" edge in the graph.`);let r=t.source.key,i=t.target.key;if(a===r)return i;if(a===i)return r;throw new V(`Graph.opposite: the "${a}" node is not attached to the "${e}" edge (${r}, ${i}).`)}hasExtremity(a,e){a=""+a,e=""+e;let t=this._edges.get(a);if(!t)throw new V(`Graph.hasExtremity: could not find the "${a}" edge in the graph.`);return t.source.key===e||t.target.key===e}isUndirected(a){a=""+a;let e=this._edges.get(a);if(!e)throw new V(`Graph.isUndirected: could not find the "${a}" edge in the graph.`);return e.undirected}isDirected(a){a=""+a;let e=this._edges.get(a);if(!e)throw new V(`Graph.isDirected: could not find the "${a}" edge in the graph.`);return!e.undirected}isSelfLoop(a){a=""+a;let e=this._edges.get(a);if(!e)throw new V(`Graph.isSelfLoop: could not find the "${a}" edge in the graph.`);return e.source===e.target}addNode(a,e){return ld(this,a,e).key}mergeNode(a,e){if(e&&!ke(e))throw new X(`Graph.mergeNode: invalid attributes. Expecting an object but got "${e}"`);a=""+a,e=e||{};let t=this._nodes.get(a);return t?(e&&(Ae(t.attributes,e),this.emit("nodeAttributesUpdated",{type:"merge",key:a,attributes:t.attributes,data:e})),[a,!1]):(t=new this.NodeDataClass(a,e),this._nodes.set(a,t),this.emit("nodeAdded",{key:a,attributes:e}),[a,!0])}updateNode(a,e){if(e&&typeof e!="function")throw new X(`Graph.updateNode: invalid updater function. Expecting a function but got "${e}"`);a=""+a;let t=this._nodes.get(a);if(t){if(e){let i=t.attributes;t.attributes=e(i),this.emit("nodeAttributesUpdated",{type:"replace",key:a,attributes:t.attributes})}return[a,!1]}let r=e?e({}):{};return t=new this.NodeDataClass(a,r),this._nodes.set(a,t),this.emit("nodeAdded",{key:a,attributes:r}),[a,!0]}dropNode(a){a=""+a;let e=this._nodes.get(a);if(!e)throw new V(`Graph.dropNode: could not find the "${a}" node in the graph.`);let t;if(this.type!=="undirected"){for(let r in e.out){t=e.out[r];do Jt(this,t),t=t.next;while(t)}for(let r in e.in){t=e.in[r];do Jt(this,t),t=t.next;while(t)}}if(this.type!=="directed")for(let r in e.undirected){t=e.undirected[r];do Jt(this,t),t=t.next;while(t)}this._nodes.delete(a),this.emit("nodeDropped",{key:a,attributes:e.attributes})}dropEdge(a){let e;if(arguments.length>1){let t=""+arguments[0],r=""+arguments[1];if(e=$e(this,t,r,this.type),!e)throw new V(`Graph.dropEdge: could not find the "${t}" -> "${r}" edge in the graph.`)}else if(a=""+a,e=this._edges.get(a),!e)throw new V(`Graph.dropEdge: could not find the "${a}" edge in the graph.`);return Jt(this,e),this}dropDirectedEdge(a,e){if(arguments.length<2)throw new J("Graph.dropDirectedEdge: it does not make sense to try and drop a directed edge by key. What if the edge with this key is undirected? Use #.dropEdge for this purpose instead.");if(this.multi)throw new J("Graph.dropDirectedEdge: cannot use a {source,target} combo when dropping an edge in a MultiGraph since we cannot infer the one you want to delete as there could be multiple ones.");a=""+a,e=""+e;let t=$e(this,a,e,"directed");if(!t)throw new V(`Graph.dropDirectedEdge: could not find a "${a}" -> "${e}" edge in the graph.`);return Jt(this,t),this}dropUndirectedEdge(a,e){if(arguments.length<2)throw new J("Graph.dropUndirectedEdge: it does not make sense to drop a directed edge by key. What if the edge with this key is undirected? Use #.dropEdge for this purpose instead.");if(this.multi)throw new J("Graph.dropUndirectedEdge: cannot use a {source,target} combo when dropping an edge in a MultiGraph since we cannot infer the one you want to delete as there could be multiple ones.");let t=$e(this,a,e,"undirected");if(!t)throw new V(`Graph.dropUndirectedEdge: could not find a "${a}" -> "${e}" edge in the graph.`);return Jt(this,t),this}clear(){this._edges.clear(),this._nodes.clear(),this._resetInstanceCounters(),this.emit("cleared")}clearEdges(){let a=this._nodes.values(),e;for(;e=a.next(),e.done!==!0;)e.value.clear();this._edges.clear(),this._resetInstanceCounters(),this.emit("edgesCleared")}getAttribute(a){return this._attributes[a]}getAttributes(){return this._attributes}hasAttribute(a){return this._attributes.hasOwnProperty(a)}setAttribute(a,e){return this._attributes[a]=e,this.emit("attributesUpdated",{type:"set",attributes:this._attributes,name:a}),this}updateAttribute(a,e){if(typeof e!="function")throw new X("Graph.updateAttribute: updater should be a function.");let t=this._attributes[a];return this._attributes[a]=e(t),this.emit("attributesUpdated",{type:"set",attributes:this._attributes,name:a}),this}removeAttribute(a){return delete this._attributes[a],this.emit("attributesUpdated",{type:"remove",attributes:this._attributes,name:a}),this}replaceAttributes(a){if(!ke(a))throw new X("Graph.replaceAttributes: provided attributes are not a plain object.");return this._attributes=a,this.emit("attributesUpdated",{type:"replace",attributes:this._attributes}),this}mergeAttributes(a){if(!ke(a))throw new X("Graph.mergeAttributes: provided attributes are not a plain object.");return Ae(this._attributes,a),this.emit("attributesUpdated",{type:"merge",attributes:this._attributes,data:a}),this}updateAttributes(a){if(typeof a!="function")throw new X("Graph.updateAttributes: provided updater is not a function.");return this._attributes=a(this._attributes),this.emit("attributesUpdated",{type:"update",attributes:this._attributes}),this}updateEachNodeAttributes(a,e){if(typeof a!="function")throw new X("Graph.updateEachNodeAttributes: expecting an updater function.");if(e&&!Gi(e))throw new X("Graph.updateEachNodeAttributes: invalid hints. Expecting an object having the following shape: {attributes?: [string]}");let t=this._nodes.values(),r,i;for(;r=t.next(),r.done!==!0;)i=r.value,i.attributes=a(i.key,i.attributes);this.emit("eachNodeAttributesUpdated",{hints:e||null})}updateEachEdgeAttributes(a,e){if(typeof a!="function")throw new X("Graph.updateEachEdgeAttributes: expecting an updater function.");if(e&&!Gi(e))throw new X("Graph.updateEachEdgeAttributes: invalid hints. Expecting an object having the following shape: {attributes?: [string]}");let t=this._edges.values(),r,i,o,s;for(;r=t.next(),r.done!==!0;)i=r.value,o=i.source,s=i.target,i.attributes=a(i.key,i.attributes,o.key,s.key,o.attributes,s.attributes,i.undirected);this.emit("eachEdgeAttributesUpdated",{hints:e||null})}forEachAdjacencyEntry(a){if(typeof a!="function")throw new X("Graph.forEachAdjacencyEntry: expecting a callback.");sa(!1,!1,!1,this,a)}forEachAdjacencyEntryWithOrphans(a){if(typeof a!="function")throw new X("Graph.forEachAdjacencyEntryWithOrphans: expecting a callback.");sa(!1,!1,!0,this,a)}forEachAssymetricAdjacencyEntry(a){if(typeof a!="function")throw new X("Graph.forEachAssymetricAdjacencyEntry: expecting a callback.");sa(!1,!0,!1,this,a)}forEachAssymetricAdjacencyEntryWithOrphans(a){if(typeof a!="function")throw new X("Graph.forEachAssymetricAdjacencyEntryWithOrphans: expecting a callback.");sa(!1,!0,!0,this,a)}nodes(){return Array.from(this._nodes.keys())}forEachNode(a){if(typeof a!="function")throw new X("Graph.forEachNode: expecting a callback.");let e=this._nodes.values(),t,r;for(;t=e.next(),t.done!==!0;)r=t.value,a(r.key,r.attributes)}findNode(a){if(typeof a!="function")throw new X("Graph.findNode: expecting a callback.");let e=this._nodes.values(),t,r;for(;t=e.next(),t.done!==!0;)if(r=t.value,a(r.key,r.attributes))return r.key}mapNodes(a){if(typeof a!="function")throw new X("Graph.mapNode: expecting a callback.");let e=this._nodes.values(),t,r,i=new Array(this.order),o=0;for(;t=e.next(),t.done!==!0;)r=t.value,i[o++]=a(r.key,r.attributes);return i}someNode(a){if(typeof a!="function")throw new X("Graph.someNode: expecting a callback.");let e=this._nodes.values(),t,r;for(;t=e.next(),t.done!==!0;)if(r=t.value,a(r.key,r.attributes))return!0;return!1}everyNode(a){if(typeof a!="function")throw new X("Graph.everyNode: expecting a callback.");let e=this._nodes.values(),t,r;for(;t=e.next(),t.done!==!0;)if(r=t.value,!a(r.key,r.attributes))return!1;return!0}filterNodes(a){if(typeof a!="function")throw new X("Graph.filterNodes: expecting a callback.");let e=this._nodes.values(),t,r,i=[];for(;t=e.next(),t.done!==!0;)r=t.value,a(r.key,r.attributes)&&i.push(r.key);return i}reduceNodes(a,e){if(typeof a!="function")throw new X("Graph.reduceNodes: expecting a callback.");if(arguments.length<2)throw new X("Graph.reduceNodes: missing initial value. You must provide it because the callback takes more than one argument and we cannot infer the initial value from the first iteration, as you could with a simple array.");let t=e,r=this._nodes.values(),i,o;for(;i=r.next(),i.done!==!0;)o=i.value,t=a(t,o.key,o.attributes);return t}nodeEntries(){let a=this._nodes.values();return{[Symbol.iterator](){return this},next(){let e=a.next();if(e.done)return e;let t=e.value;return{value:{node:t.key,attributes:t.attributes},done:!1}}}}export(){let a=new Array(this._nodes.size),e=0;this._nodes.forEach((r,i)=>{a[e++]=ed(i,r)});let t=new Array(this._edges.size);return e=0,this._edges.forEach((r,i)=>{t[e++]=td(this.type,i,r)}),{options:{type:this.type,multi:this.multi,allowSelfLoops:this.allowSelfLoops},attributes:this.getAttributes(),nodes:a,edges:t}}import(a,e=!1){if(a instanceof n)return a.forEachNode((l,u)=>{e?this.mergeNode(l,u):this.addNode(l,u)}),a.forEachEdge((l,u,d,c,h,f,g)=>{e?g?this.mergeUndirectedEdgeWithKey(l,d,c,u):this.mergeDirectedEdgeWithKey(l,d,c,u):g?this.addUndirectedEdgeWithKey(l,d,c,u):this.addDirectedEdgeWithKey(l,d,c,u)}),this;if(!ke(a))throw new X("Graph.import: invalid argument. Expecting a serialized graph or, alternatively, a Graph instance.");if(a.attributes){if(!ke(a.attributes))throw new X("Graph.import: invalid attributes. Expecting a plain object.");e?this.mergeAttributes(a.attributes):this.replaceAttributes(a.attributes)}let t,r,i,o,s;if(a.nodes){if(i=a.nodes,!Array.isArray(i))throw new X("Graph.import: invalid nodes. Expecting an array.");for(t=0,r=i.length;t<r;t++){o=i[t],nd(o);let{key:l,attributes:u}=o;e?this.mergeNode(l,u):this.addNode(l,u)}}if(a.edges){let l=!1;if(this.type==="undirected"&&(l=!0),i=a.edges,!Array.isArray(i))throw new X("Graph.import: invalid edges. Expecting an array.");for(t=0,r=i.length;t<r;t++){s=i[t],ad(s);let{source:u,target:d,attributes:c,undirected:h=l}=s,f;"key"in s?(f=e?h?this.mergeUndirectedEdgeWithKey:this.mergeDirectedEdgeWithKey:h?this.addUndirectedEdgeWithKey:this.addDirectedEdgeWithKey,f.call(this,s.key,u,d,c)):(f=e?h?this.mergeUndirectedEdge:this.mergeDirectedEdge:h?this.addUndirectedEdge:this.addDirectedEdge,f.call(this,u,d,c))}}return this}nullCopy(a){let e=new n(Ae({},this._options,a));return e.replaceAttributes(Ae({},this.getAttributes())),e}emptyCopy(a){let e=this.nullCopy(a);return this._nodes.forEach((t,r)=>{let i=Ae({},t.attributes);t=new e.NodeDataClass(r,i),e._nodes.set(r,t)}),e}copy(a){if(a=a||{},typeof a.type=="string"&&a.type!==this.type&&a.type!=="mixed")throw new J(`Graph.copy: cannot create an incompatible copy from "${this.type}" type to "${a.type}" because this would mean losing information about the current graph.`);if(typeof a.multi=="boolean"&&a.multi!==this.multi&&a.multi!==!0)throw new J("Graph.copy: cannot create an incompatible copy by downgrading a multi graph to a simple one because this would mean losing information about the current graph.");if(typeof a.allowSelfLoops=="boolean"&&a.allowSelfLoops!==this.allowSelfLoops&&a.allowSelfLoops!==!0)throw new J("Graph.copy: cannot create an incompatible copy from a graph allowing self loops to one that does not because this would mean losing information about the current graph.");let e=this.emptyCopy(a),t=this._edges.values(),r,i;for(;r=t.next(),r.done!==!0;)i=r.value,qi(e,"copy",!1,i.undirected,i.key,i.source.key,i.target.key,Ae({},i.attributes));return e}toJSON(){return this.export()}toString(){return"[object Graph]"}inspect(){let a={};this._nodes.forEach((i,o)=>{a[o]=i.attributes});let e={},t={};this._edges.forEach((i,o)=>{let s=i.undirected?"--":"->",l="",u=i.source.key,d=i.target.key,c;i.undirected&&u>d&&(c=u,u=d,d=c);let h=`(${u})${s}(${d})`;o.startsWith("geid_")?this.multi&&(typeof t[h]>"u"?t[h]=0:t[h]++,l+=`${t[h]}. `):l+=`[${o}]: `,l+=h,e[l]=i.attributes});let r={};for(let i in this)this.hasOwnProperty(i)&&!zi.has(i)&&typeof this[i]!="function"&&typeof i!="symbol"&&(r[i]=this[i]);return r.attributes=this._attributes,r.nodes=a,r.edges=e,He(r,"constructor",this.constructor),r}};typeof Symbol<"u"&&(fe.prototype[Symbol.for("nodejs.util.inspect.custom")]=fe.prototype.inspect);od.forEach(n=>{["add","merge","update"].forEach(a=>{let e=n.name(a),t=a==="add"?qi:ud;n.generateKey?fe.prototype[e]=function(r,i,o){return t(this,e,!0,(n.type||this.type)==="undirected",null,r,i,o,a==="update")}:fe.prototype[e]=function(r,i,o,s){return t(this,e,!1,(n.type||this.type)==="undirected",r,i,o,s,a==="update")}})});yu(fe);Lu(fe);Vu(fe);Ju(fe);var la=class extends fe{constructor(a){let e=Ae({type:"directed"},a);if("multi"in e&&e.multi!==!1)throw new X("DirectedGraph.from: inconsistent indication that the graph should be multi in given options!");if(e.type!=="directed")throw new X('DirectedGraph.from: inconsistent "'+e.type+'" type in given options!');super(e)}},ua=class extends fe{constructor(a){let e=Ae({type:"undirected"},a);if("multi"in e&&e.multi!==!1)throw new X("UndirectedGraph.from: inconsistent indication that the graph should be multi in given options!");if(e.type!=="undirected")throw new X('UndirectedGraph.from: inconsistent "'+e.type+'" type in given options!');super(e)}},da=class extends fe{constructor(a){let e=Ae({multi:!0},a);if("multi"in e&&e.multi!==!0)throw new X("MultiGraph.from: inconsistent indication that the graph should be simple in given options!");super(e)}},ca=class extends fe{constructor(a){let e=Ae({type:"directed",multi:!0},a);if("multi"in e&&e.multi!==!0)throw new X("MultiDirectedGraph.from: inconsistent indication that the graph should be simple in given options!");if(e.type!=="directed")throw new X('MultiDirectedGraph.from: inconsistent "'+e.type+'" type in given options!');super(e)}},ha=class extends fe{constructor(a){let e=Ae({type:"undirected",multi:!0},a);if("multi"in e&&e.multi!==!0)throw new X("MultiUndirectedGraph.from: inconsistent indication that the graph should be simple in given options!");if(e.type!=="undirected")throw new X('MultiUndirectedGraph.from: inconsistent "'+e.type+'" type in given options!');super(e)}};function nn(n){n.from=function(a,e){let t=Ae({},a.options,e),r=new n(t);return r.import(a),r}}nn(fe);nn(la);nn(ua);nn(da);nn(ca);nn(ha);fe.Graph=fe;fe.DirectedGraph=la;fe.UndirectedGraph=ua;fe.MultiGraph=da;fe.MultiDirectedGraph=ca;fe.MultiUndirectedGraph=ha;fe.InvalidArgumentsGraphError=X;fe.NotFoundGraphError=V;fe.UsageGraphError=J;function pa(n,a){(a==null||a>n.length)&&(a=n.length);for(var e=0,t=Array(a);e<a;e++)t[e]=n[e];return t}function ma(n,a){if(n){if(typeof n=="string")return pa(n,a);var e={}.toString.call(n).slice(8,-1);return e==="Object"&&n.constructor&&(e=n.constructor.name),e==="Map"||e==="Set"?Array.from(n):e==="Arguments"||/^(?:Ui|I)nt(?:8|16|32)(?:Clamped)?Array$/.test(e)?pa(n,a):void 0}}function dd(n){if(Array.isArray(n))return n}function cd(n,a){var e=n==null?null:typeof Symbol<"u"&&n[Symbol.iterator]||n["@@iterator"];if(e!=null){var t,r,i,o,s=[],l=!0,u=!1;try{if(i=(e=e.call(n)).next,a===0){if(Object(e)!==e)return;l=!1}else for(;!(l=(t=i.call(e)).done)&&(s.push(t.value),s.length!==a);l=!0);}catch(d){u=!0,r=d}finally{try{if(!l&&e.return!=null&&(o=e.return(),Object(o)!==o))return}finally{if(u)throw r}}return s}}function hd(){throw new TypeError(`Invalid attempt to destructure non-iterable instance.
In order to be iterable, non-array objects must have a [Symbol.iterator]() method.`)}function oe(n,a){return dd(n)||cd(n,a)||ma(n,a)||hd()}function U(n,a){var e=typeof Symbol<"u"&&n[Symbol.iterator]||n["@@iterator"];if(!e){if(Array.isArray(n)||(e=ma(n))||a&&n&&typeof n.length=="number"){e&&(n=e);var t=0,r=function(){};return{s:r,n:function(){return t>=n.length?{done:!0}:{done:!1,value:n[t++]}},e:function(l){throw l},f:r}}throw new TypeError(`Invalid attempt to iterate non-iterable instance.
In order to be iterable, non-array objects must have a [Symbol.iterator]() method.`)}var i,o=!0,s=!1;return{s:function(){e=e.call(n)},n:function(){var l=e.next();return o=l.done,l},e:function(l){s=!0,i=l},f:function(){try{o||e.return==null||e.return()}finally{if(s)throw i}}}}function Ve(){return Float32Array.of(1,0,0,0,1,0,0,0,1)}function ga(n,a,e){return n[0]=a,n[4]=typeof e=="number"?e:a,n}function Xi(n,a){var e=Math.sin(a),t=Math.cos(a);return n[0]=t,n[1]=e,n[3]=-e,n[4]=t,n}function Yi(n,a,e){return n[6]=a,n[7]=e,n}function yt(n,a){var e=n[0],t=n[1],r=n[2],i=n[3],o=n[4],s=n[5],l=n[6],u=n[7],d=n[8],c=a[0],h=a[1],f=a[2],g=a[3],p=a[4],m=a[5],v=a[6],y=a[7],b=a[8];return n[0]=c*e+h*i+f*l,n[1]=c*t+h*o+f*u,n[2]=c*r+h*s+f*d,n[3]=g*e+p*i+m*l,n[4]=g*t+p*o+m*u,n[5]=g*r+p*s+m*d,n[6]=v*e+y*i+b*l,n[7]=v*t+y*o+b*u,n[8]=v*r+y*s+b*d,n}function gr(n,a){var e=Math.cos(a),t=Math.sin(a);return{x:e*n.x+t*n.y,y:-t*n.x+e*n.y}}function rn(n,a){var e=arguments.length>2&&arguments[2]!==void 0?arguments[2]:1,t=n[0],r=n[1],i=n[3],o=n[4],s=n[6],l=n[7],u=a.x,d=a.y;return{x:u*t+d*i+s*e,y:u*r+d*o+l*e}}function fd(n,a){var e=n.height/n.width,t=a.height/a.width;return e<1&&t>1||e>1&&t<1?1:Math.min(Math.max(t,1/t),Math.max(1/e,e))}function bt(n,a,e,t,r){var i=n.angle,o=n.ratio,s=n.x,l=n.y,u=a.width,d=a.height,c=Ve(),h=Math.min(u,d)-2*t,f=fd(a,e);return r?(yt(c,Yi(Ve(),s,l)),yt(c,ga(Ve(),o)),yt(c,Xi(Ve(),i)),yt(c,ga(Ve(),u/h/2/f,d/h/2/f))):(yt(c,ga(Ve(),2*(h/u)*f,2*(h/d)*f)),yt(c,Xi(Ve(),-i)),yt(c,ga(Ve(),1/o)),yt(c,Yi(Ve(),-s,-l))),c}function Ki(n,a,e){var t=rn(n,{x:Math.cos(a.angle),y:Math.sin(a.angle)},0),r=t.x,i=t.y;return 1/Math.sqrt(Math.pow(r,2)+Math.pow(i,2))/e.width}function vr(n,a,e,t,r){var i=Math.floor(a/r*t),o=Math.floor(n.drawingBufferHeight/r-e/r*t);return[i,o]}var Dn={black:"#000000",silver:"#C0C0C0",gray:"#808080",grey:"#808080",white:"#FFFFFF",maroon:"#800000",red:"#FF0000",purple:"#800080",fuchsia:"#FF00FF",green:"#008000",lime:"#00FF00",olive:"#808000",yellow:"#FFFF00",navy:"#000080",blue:"#0000FF",teal:"#008080",aqua:"#00FFFF",darkblue:"#00008B",mediumblue:"#0000CD",darkgreen:"#006400",darkcyan:"#008B8B",deepskyblue:"#00BFFF",darkturquoise:"#00CED1",mediumspringgreen:"#00FA9A",springgreen:"#00FF7F",cyan:"#00FFFF",midnightblue:"#191970",dodgerblue:"#1E90FF",lightseagreen:"#20B2AA",forestgreen:"#228B22",seagreen:"#2E8B57",darkslategray:"#2F4F4F",darkslategrey:"#2F4F4F",limegreen:"#32CD32",mediumseagreen:"#3CB371",turquoise:"#40E0D0",royalblue:"#4169E1",steelblue:"#4682B4",darkslateblue:"#483D8B",mediumturquoise:"#48D1CC",indigo:"#4B0082",darkolivegreen:"#556B2F",cadetblue:"#5F9EA0",cornflowerblue:"#6495ED",rebeccapurple:"#663399",mediumaquamarine:"#66CDAA",dimgray:"#696969",dimgrey:"#696969",slateblue:"#6A5ACD",olivedrab:"#6B8E23",slategray:"#708090",slategrey:"#708090",lightslategray:"#778899",lightslategrey:"#778899",mediumslateblue:"#7B68EE",lawngreen:"#7CFC00",chartreuse:"#7FFF00",aquamarine:"#7FFFD4",skyblue:"#87CEEB",lightskyblue:"#87CEFA",blueviolet:"#8A2BE2",darkred:"#8B0000",darkmagenta:"#8B008B",saddlebrown:"#8B4513",darkseagreen:"#8FBC8F",lightgreen:"#90EE90",mediumpurple:"#9370DB",darkviolet:"#9400D3",palegreen:"#98FB98",darkorchid:"#9932CC",yellowgreen:"#9ACD32",sienna:"#A0522D",brown:"#A52A2A",darkgray:"#A9A9A9",darkgrey:"#A9A9A9",lightblue:"#ADD8E6",greenyellow:"#ADFF2F",paleturquoise:"#AFEEEE",lightsteelblue:"#B0C4DE",powderblue:"#B0E0E6",firebrick:"#B22222",darkgoldenrod:"#B8860B",mediumorchid:"#BA55D3",rosybrown:"#BC8F8F",darkkhaki:"#BDB76B",mediumvioletred:"#C71585",indianred:"#CD5C5C",peru:"#CD853F",chocolate:"#D2691E",tan:"#D2B48C",lightgray:"#D3D3D3",lightgrey:"#D3D3D3",thistle:"#D8BFD8",orchid:"#DA70D6",goldenrod:"#DAA520",palevioletred:"#DB7093",crimson:"#DC143C",gainsboro:"#DCDCDC",plum:"#DDA0DD",burlywood:"#DEB887",lightcyan:"#E0FFFF",lavender:"#E6E6FA",darksalmon:"#E9967A",violet:"#EE82EE",palegoldenrod:"#EEE8AA",lightcoral:"#F08080",khaki:"#F0E68C",aliceblue:"#F0F8FF",honeydew:"#F0FFF0",azure:"#F0FFFF",sandybrown:"#F4A460",wheat:"#F5DEB3",beige:"#F5F5DC",whitesmoke:"#F5F5F5",mintcream:"#F5FFFA",ghostwhite:"#F8F8FF",salmon:"#FA8072",antiquewhite:"#FAEBD7",linen:"#FAF0E6",lightgoldenrodyellow:"#FAFAD2",oldlace:"#FDF5E6",magenta:"#FF00FF",deeppink:"#FF1493",orangered:"#FF4500",tomato:"#FF6347",hotpink:"#FF69B4",coral:"#FF7F50",darkorange:"#FF8C00",lightsalmon:"#FFA07A",orange:"#FFA500",lightpink:"#FFB6C1",pink:"#FFC0CB",gold:"#FFD700",peachpuff:"#FFDAB9",navajowhite:"#FFDEAD",moccasin:"#FFE4B5",bisque:"#FFE4C4",mistyrose:"#FFE4E1",blanchedalmond:"#FFEBCD",papayawhip:"#FFEFD5",lavenderblush:"#FFF0F5",seashell:"#FFF5EE",cornsilk:"#FFF8DC",lemonchiffon:"#FFFACD",floralwhite:"#FFFAF0",snow:"#FFFAFA",lightyellow:"#FFFFE0",ivory:"#FFFFF0"},Zi=new Int8Array(4),va=new Int32Array(Zi.buffer,0,1),Qi=new Float32Array(Zi.buffer,0,1),gd=/^\s*rgba?\s*\(/,vd=/^\s*rgba?\s*\(\s*([0-9]*)\s*,\s*([0-9]*)\s*,\s*([0-9]*)(?:\s*,\s*(.*)?)?\)\s*$/;function ya(n){var a=0,e=0,t=0,r=1,i=n.toLowerCase();if(i==="transparent")return{r:0,g:0,b:0,a:0};if(i in Dn)return ya(Dn[i]);if(n[0]==="#")n.length===4?(a=parseInt(n.charAt(1)+n.charAt(1),16),e=parseInt(n.charAt(2)+n.charAt(2),16),t=parseInt(n.charAt(3)+n.charAt(3),16)):(a=parseInt(n.charAt(1)+n.charAt(2),16),e=parseInt(n.charAt(3)+n.charAt(4),16),t=parseInt(n.charAt(5)+n.charAt(6),16)),n.length===9&&(r=parseInt(n.charAt(7)+n.charAt(8),16)/255);else if(gd.test(n)){var o=n.match(vd);o&&(a=+o[1],e=+o[2],t=+o[3],o[4]&&(r=+o[4]))}return{r:a,g:e,b:t,a:r}}function Ji(n){var a=arguments.length>1&&arguments[1]!==void 0?arguments[1]:!1,e=ya(n),t=e.r,r=e.g,i=e.b,o=e.a;return a?[t/255*o,r/255*o,i/255*o,o]:[t/255,r/255,i/255,o]}var an={};for(Rn in Dn)an[Rn]=je(Dn[Rn]),an[Dn[Rn]]=an[Rn];var Rn;function pd(n,a,e,t,r){return va[0]=t<<24|e<<16|a<<8|n,r&&(va[0]=va[0]&4278190079),Qi[0]}function je(n){if(n=n.toLowerCase(),typeof an[n]<"u")return an[n];var a=ya(n),e=a.r,t=a.g,r=a.b,i=a.a;i=i*255|0;var o=pd(e,t,r,i,!0);return an[n]=o,o}function _t(n,a){Qi[0]=je(n);var e=va[0];a&&(e=e|16777216);var t=e&255,r=e>>8&255,i=e>>16&255,o=e>>24&255;return[t,r,i,o]}function on(n){var a=n>>>8&255,e=n>>>16&255,t=n>>>24&255,r=n&255;return(r<<24|t<<16|e<<8|a)>>>0}function pr(n,a,e,t){return(e<<24|a<<16|n<<8|t)>>>0}function eo(n,a,e,t,r,i){var o=vr(n,e,t,r,i),s=oe(o,2),l=s[0],u=s[1],d=new Uint8Array(4);n.bindFramebuffer(n.FRAMEBUFFER,a),n.readPixels(l,u,1,1,n.RGBA,n.UNSIGNED_BYTE,d);var c=oe(d,4),h=c[0],f=c[1],g=c[2],p=c[3];return[h,f,g,p]}function to(n){var a=ya(n),e=a.r,t=a.g,r=a.b,i=a.a,o=(e/255).toFixed(6),s=(t/255).toFixed(6),l=(r/255).toFixed(6),u=i.toFixed(6);return"vec4(".concat(o,", ").concat(s,", ").concat(l,", ").concat(u,")")}function md(n,a){if(typeof n!="object"||!n)return n;var e=n[Symbol.toPrimitive];if(e!==void 0){var t=e.call(n,a||"default");if(typeof t!="object")return t;throw new TypeError("@@toPrimitive must return a primitive value.")}return(a==="string"?String:Number)(n)}function ro(n){var a=md(n,"string");return typeof a=="symbol"?a:a+""}function R(n,a,e){return(a=ro(a))in n?Object.defineProperty(n,a,{value:e,enumerable:!0,configurable:!0,writable:!0}):n[a]=e,n}function no(n,a){var e=Object.keys(n);if(Object.getOwnPropertySymbols){var t=Object.getOwnPropertySymbols(n);a&&(t=t.filter(function(r){return Object.getOwnPropertyDescriptor(n,r).enumerable})),e.push.apply(e,t)}return e}function $(n){for(var a=1;a<arguments.length;a++){var e=arguments[a]!=null?arguments[a]:{};a%2?no(Object(e),!0).forEach(function(t){R(n,t,e[t])}):Object.getOwnPropertyDescriptors?Object.defineProperties(n,Object.getOwnPropertyDescriptors(e)):no(Object(e)).forEach(function(t){Object.defineProperty(n,t,Object.getOwnPropertyDescriptor(e,t))})}return n}function ne(n,a){if(!(n instanceof a))throw new TypeError("Cannot call a class as a function")}function ao(n,a){for(var e=0;e<a.length;e++){var t=a[e];t.enumerable=t.enumerable||!1,t.configurable=!0,"value"in t&&(t.writable=!0),Object.defineProperty(n,ro(t.key),t)}}function ae(n,a,e){return a&&ao(n.prototype,a),e&&ao(n,e),Object.defineProperty(n,"prototype",{writable:!1}),n}function Gt(n){return Gt=Object.setPrototypeOf?Object.getPrototypeOf.bind():function(a){return a.__proto__||Object.getPrototypeOf(a)},Gt(n)}function io(){try{var n=!Boolean.prototype.valueOf.call(Reflect.construct(Boolean,[],function(){}))}catch{}return(io=function(){return!!n})()}function yd(n){if(n===void 0)throw new ReferenceError("this hasn't been initialised - super() hasn't been called");return n}function bd(n,a){if(a&&(typeof a=="object"||typeof a=="function"))return a;if(a!==void 0)throw new TypeError("Derived constructors may only return object or undefined");return yd(n)}function me(n,a,e){return a=Gt(a),bd(n,io()?Reflect.construct(a,e||[],Gt(n).constructor):a.apply(n,e))}function mr(n,a){return mr=Object.setPrototypeOf?Object.setPrototypeOf.bind():function(e,t){return e.__proto__=t,e},mr(n,a)}function ye(n,a){if(typeof a!="function"&&a!==null)throw new TypeError("Super expression must either be null or a function");n.prototype=Object.create(a&&a.prototype,{constructor:{value:n,writable:!0,configurable:!0}}),Object.defineProperty(n,"prototype",{writable:!1}),a&&mr(n,a)}function _d(n){if(Array.isArray(n))return pa(n)}function xd(n){if(typeof Symbol<"u"&&n[Symbol.iterator]!=null||n["@@iterator"]!=null)return Array.from(n)}function Td(){throw new TypeError(`Invalid attempt to spread non-iterable instance.
In order to be iterable, non-array objects must have a [Symbol.iterator]() method.`)}function Q(n){return _d(n)||xd(n)||ma(n)||Td()}function ie(n){"@babel/helpers - typeof";return ie=typeof Symbol=="function"&&typeof Symbol.iterator=="symbol"?function(a){return typeof a}:function(a){return a&&typeof Symbol=="function"&&a.constructor===Symbol&&a!==Symbol.prototype?"symbol":typeof a},ie(n)}function rt(n){return ie(n)==="object"&&n!==null&&"attribute"in n}function yr(){var n=`
float sdf_circle(vec2 uv, float size) {
  return length(uv) - size;
}
`;return{name:"circle",glsl:n,uniforms:[]}}function br(n){var a,e=WebGL2RenderingContext,t=e.UNSIGNED_BYTE,r=(a=n?.color)!==null&&a!==void 0?a:{attribute:"color"};if(!rt(r)){var i=r,o=`
vec4 layer_fill() {
  return `.concat(to(i),`;
}
`);return{name:"fill",uniforms:[],attributes:[],glsl:o}}var s=r.attribute,l=`
vec4 layer_fill(vec4 v_fillColor) {
  return v_fillColor;
}
`;return{name:"fill",uniforms:[],attributes:[{name:"fillColor",size:4,type:t,normalized:!0,source:s}],glsl:l}}function oo(n,a){if(typeof n=="string"){var e=Ji(n).map(function(u){return u.toFixed(6)}),t=oe(e,4),r=t[0],i=t[1],o=t[2],s=t[3];return{glsl:"vec4(".concat(r,", ").concat(i,", ").concat(o,", ").concat(s,")"),attributes:[],needsNodeColors:!1}}if("node"in n&&n.node)return{glsl:n.node==="source"?"v_sourceColor":"v_targetColor",attributes:[],needsNodeColors:!0};var l=n;return{glsl:"v_".concat(a),attributes:[{name:"a_".concat(a),size:4,type:WebGL2RenderingContext.UNSIGNED_BYTE,normalized:!0,source:l.attribute,defaultValue:l.default}],needsNodeColors:!1}}function xt(n){var a=n?.color;if(a===void 0){var e=`
// Plain solid color layer
vec4 layer_plain(EdgeContext ctx) {
  return v_color;
}
`;return{name:"plain",glsl:e,uniforms:[],attributes:[]}}var t=oo(a,"plainColor"),r=`
// Plain solid color layer
vec4 layer_plain(EdgeContext ctx) {
  return `.concat(t.glsl,`;
}
`);return{name:"plain",glsl:r,uniforms:[],attributes:t.attributes,needsNodeColors:t.needsNodeColors}}function Ln(){var n=`
// Position at parameter t \u2208 [0, 1]
vec2 path_straight_position(float t, vec2 source, vec2 target) {
  return mix(source, target, t);
}

// Total length of the path (analytical - more efficient than sampling)
float path_straight_length(vec2 source, vec2 target) {
  return length(target - source);
}
`;return{name:"straight",segments:1,minBodyLengthRatio:0,linearParameterization:!0,glsl:n,uniforms:[],attributes:[]}}function _r(n){var a=n??{},e=a.segments,t=e===void 0?32:e,r=`
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
`;return{name:"loop",segments:t,glsl:r,needsNodeSize:!0,uniforms:[],attributes:[{name:"loopRadius",size:1,type:WebGL2RenderingContext.FLOAT},{name:"loopAngle",size:1,type:WebGL2RenderingContext.FLOAT},{name:"loopSpread",size:1,type:WebGL2RenderingContext.FLOAT},{name:"loopFixedOrientation",size:1,type:WebGL2RenderingContext.FLOAT}],variables:{loopRadius:{type:"number",default:4},loopAngle:{type:"number",default:Math.PI/4},loopSpread:{type:"number",default:80*Math.PI/180},loopFixedOrientation:{type:"number",default:0}},spread:{variable:"loopRadius",compute:function(o){return o+4}}}}var uo=Qe(Ft());function xr(n){return ie(n)==="object"&&"glsl"in n&&!("attributes"in n)}function Tr(n){return ie(n)==="object"&&"glsl"in n&&!("attributes"in n)}var sn={shapes:[yr()],variables:{},layers:[br()],label:{},backdrop:{},labelAttachments:{}},zt={paths:[Ln(),_r()],extremities:[],variables:{},layers:[xt()],defaultHead:"none",defaultTail:"none",label:{}},Cn=["nodes","topNodes"],kn=["edges","topEdges"],Pn=[].concat(kn,Cn),ln={nodes:sn,edges:zt,depthLayers:Q(Pn)};var Ed=function(a){return a},Sd=function(a){return a*a},wd=function(a){return a*(2-a)},Ad=function(a){return(a*=2)<1?.5*a*a:-.5*(--a*(a-2)-1)},Rd=function(a){return a*a*a},Dd=function(a){return--a*a*a+1},Ld=function(a){return(a*=2)<1?.5*a*a*a:.5*((a-=2)*a*a+2)},Cd=function(a){return a===0?0:Math.pow(2,10*(a-1))},kd=function(a){return a===1?1:1-Math.pow(2,-10*a)},Pd=function(a){return a===0?0:a===1?1:a<.5?Math.pow(2,10*(2*a-1))/2:(2-Math.pow(2,-10*(2*a-1)))/2},Er={linear:Ed,quadraticIn:Sd,quadraticOut:wd,quadraticInOut:Ad,cubicIn:Rd,cubicOut:Dd,cubicInOut:Ld,exponentialIn:Cd,exponentialOut:kd,exponentialInOut:Pd};function ba(n){return n?typeof n=="function"?n:Er[n]:Er.linear}function wr(n){return ie(n)==="object"&&n!==null&&"attribute"in n}function co(n){return typeof n=="function"}function ho(n){return ie(n)==="object"&&n!==null&&"when"in n&&typeof n.when=="function"&&"then"in n}function fo(n){return ie(n)==="object"&&n!==null&&"whenState"in n&&"then"in n}function go(n){return ie(n)==="object"&&n!==null&&"whenData"in n&&"then"in n}var Id={isHovered:!1,isLabelHovered:!1,isHidden:!1,isHighlighted:!1,isDragged:!1},Fd={isHovered:!1,isLabelHovered:!1,isHidden:!1,isHighlighted:!1,parallelIndex:0,parallelCount:1},Gd={isIdle:!0,isPanning:!1,isZooming:!1,isDragging:!1,hasHovered:!1,hasHighlighted:!1};function vo(n){return $($({},Id),n)}function po(n){return $($({},Fd),n)}function Ar(n){return $($({},Gd),n)}var zd={x:{attribute:"x"},y:{attribute:"y"},size:{whenState:"isHovered",then:{attribute:"size",defaultValue:12},else:{attribute:"size",defaultValue:10}},color:{attribute:"color",defaultValue:"#666"},label:{attribute:"label"},visibility:{whenState:"isHidden",then:"hidden",else:"visible"},labelVisibility:{whenState:"isHovered",then:"visible",else:"auto"},backdropVisibility:{whenState:"isHovered",then:"visible",else:"hidden"},backdropColor:"#ffffff",backdropShadowColor:"rgba(0, 0, 0, 0.5)",backdropShadowBlur:12,backdropPadding:6},Nd={size:{attribute:"size",defaultValue:1},color:{attribute:"color",defaultValue:"#ccc"},label:{attribute:"label"},visibility:{whenState:"isHidden",then:"hidden",else:"visible"}};var xa={nodes:$($({},zd),{},{depth:{whenState:"isHovered",then:"topNodes",else:"nodes"}}),edges:$($({},Nd),{},{depth:{whenState:["isHighlighted","isHovered"],then:"topEdges",else:"edges"}})};function Wd(n){return"min"in n||"max"in n||"minValue"in n||"maxValue"in n||"easing"in n}function Od(n){return"dict"in n}function Ta(n,a){return typeof n=="string"?a[n]===!0:Array.isArray(n)?n.every(function(e){return a[e]===!0}):ie(n)==="object"&&n!==null?Object.entries(n).every(function(e){var t=oe(e,2),r=t[0],i=t[1];return a[r]===i}):!1}function Md(n,a){var e=a[n.attribute];return e===void 0?n.defaultValue:e}function Bd(n,a,e){var t,r,i,o,s=a[n.attribute];if(s===void 0)return n.defaultValue;var l=Number(s);if(isNaN(l))return n.defaultValue;if(n.min===void 0&&n.max===void 0)return l;var u=(t=n.minValue)!==null&&t!==void 0?t:l,d=(r=n.maxValue)!==null&&r!==void 0?r:l;if(d===u){var c;return(c=n.min)!==null&&c!==void 0?c:l}var h=(l-u)/(d-u);h=Math.max(0,Math.min(1,h));var f=ba(n.easing);h=f(h);var g=(i=n.min)!==null&&i!==void 0?i:0,p=(o=n.max)!==null&&o!==void 0?o:1;return g+h*(p-g)}function Ud(n,a){var e=a[n.attribute];if(e===void 0)return n.defaultValue;var t=String(e);return t in n.dict?n.dict[t]:n.defaultValue}function Hd(n,a,e){return Od(n)?Ud(n,a):Wd(n)?Bd(n,a):Md(n,a)}function mo(n,a){return typeof n=="string"?!!a[n]:Array.isArray(n)?n.every(function(e){return!!a[e]}):ie(n)==="object"&&n!==null?Object.entries(n).every(function(e){var t=oe(e,2),r=t[0],i=t[1];return a[r]===i}):!1}function _a(n,a,e,t,r,i){if(n==null)return i;if(ie(n)!=="object"&&typeof n!="function")return n;if(ho(n)){var o=n.when(a,e,t,r)?n.then:n.else;return o===void 0?i:_a(o,a,e,t,r,i)}if(fo(n)){var s=Ta(n.whenState,e)?n.then:n.else;return s===void 0?i:_a(s,a,e,t,r,i)}if(go(n)){var l=mo(n.whenData,a)?n.then:n.else;return l===void 0?i:_a(l,a,e,t,r,i)}if(co(n)){var u=n(a,e,t,r);return u??i}if(wr(n)){var d=Hd(n,a);return d??i}return n}function et(n){if(n==null)return"static";if(ho(n))return"graph-state";if(fo(n)){var a=et(n.then),e=n.else!==void 0?et(n.else):"static";return qe("item-state",qe(a,e))}if(go(n)){var t=et(n.then),r=n.else!==void 0?et(n.else):"static";return qe(t,r)}return co(n)?"graph-state":(wr(n),"static")}function qe(n,a){return n==="graph-state"||a==="graph-state"?"graph-state":n==="item-state"||a==="item-state"?"item-state":"static"}function Rr(n){if(!n)return{dependency:"static",xAttribute:null,yAttribute:null};var a=Array.isArray(n)?n:[n],e="static",t=null,r=null,i=U(a),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;if("matchData"in s&&"cases"in s)for(var l=s.cases,u=0,d=Object.values(l);u<d.length;u++)for(var c=d[u],h=0,f=Object.values(c);h<f.length;h++){var g=f[h];e=qe(e,et(g))}else if("matchState"in s&&"cases"in s){e=qe(e,"item-state");for(var p=s.cases,m=0,v=Object.values(p);m<v.length;m++)for(var y=v[m],b=0,x=Object.values(y);b<x.length;b++){var _=x[b];e=qe(e,et(_))}}else if("when"in s&&"then"in s)e="graph-state";else if("whenState"in s){e=qe(e,"item-state");var E=s.then;if(E&&ie(E)==="object")for(var w=0,A=Object.values(E);w<A.length;w++){var S=A[w];e=qe(e,et(S))}var L=s.else;if(L&&ie(L)==="object")for(var G=0,C=Object.values(L);G<C.length;G++){var N=C[G];e=qe(e,et(N))}}else if("whenData"in s){var k=s.then;if(k&&ie(k)==="object")for(var I=0,W=Object.values(k);I<W.length;I++){var P=W[I];e=qe(e,et(P))}var T=s.else;if(T&&ie(T)==="object")for(var F=0,M=Object.values(T);F<M.length;F++){var z=M[F];e=qe(e,et(z))}}else for(var D=0,q=Object.entries(s);D<q.length;D++){var j=oe(q[D],2),Z=j[0],De=j[1];if(!Lr.has(Z)&&(e=qe(e,et(De)),(Z==="x"||Z==="y")&&wr(De))){var ce=De.attribute;Z==="x"&&!t&&(t=ce),Z==="y"&&!r&&(r=ce)}}}}catch(K){i.e(K)}finally{i.f()}return{dependency:e,xAttribute:t,yAttribute:r}}var ft={size:10,color:"#666",opacity:1,shape:"circle",rotationAlignment:"viewport",labelRotationAlignment:"viewport",visibility:"visible",depth:"nodes",zIndex:0,label:"",labelColor:"#000",labelSize:12,labelFont:"sans-serif",labelVisibility:"auto",labelPosition:"right",labelAngle:0,labelDepth:"nodes",backdropVisibility:"hidden",backdropColor:"transparent",backdropShadowColor:"transparent",backdropShadowBlur:0,backdropPadding:0,backdropBorderColor:"transparent",backdropBorderWidth:0,backdropCornerRadius:0,backdropLabelPadding:-1,backdropArea:"both",labelAttachment:null,labelAttachmentPlacement:"below"},Dr={size:1,color:"#ccc",opacity:1,path:"straight",selfLoopPath:"loop",parallelSpread:.25,tail:"none",head:"none",visibility:"visible",depth:"edges",zIndex:0,label:"",labelColor:"#666",labelVisibility:"auto",labelDepth:"edges"},Lr=new Set(["when","whenState","whenData","then","else"]),so=Object.keys(ft),$d=Object.values(ft),lo=Object.keys(Dr),Vd=Object.values(Dr);function un(n,a,e,t,r,i,o){for(var s in a){var l;if(!Lr.has(s)){var u=(l=n[s])!==null&&l!==void 0?l:o[s];n[s]=_a(a[s],e,t,r,i,u)}}"depth"in a&&!("labelDepth"in a)&&(n.labelDepth=n.depth)}function yo(n,a,e,t,r,i,o){var s=U(a),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;if("matchData"in u&&"cases"in u){var d,c=String((d=e[u.matchData])!==null&&d!==void 0?d:""),h=u.cases;c in h&&un(n,h[c],e,t,r,i,o)}else if("matchState"in u&&"cases"in u){var f,g=String((f=t[u.matchState])!==null&&f!==void 0?f:""),p=u.cases;g in p&&un(n,p[g],e,t,r,i,o)}else if("when"in u&&"then"in u){var m=u.when;if(!m(e,t,r,i))continue;un(n,u.then,e,t,r,i,o)}else if("whenState"in u&&"then"in u){if(!Ta(u.whenState,t))continue;un(n,u.then,e,t,r,i,o)}else if("whenData"in u&&"then"in u){if(!mo(u.whenData,e))continue;un(n,u.then,e,t,r,i,o)}else un(n,u,e,t,r,i,o)}}catch(v){s.e(v)}finally{s.f()}}function Cr(n,a,e,t,r,i){for(var o=i||{},s=o,l=0,u=so.length;l<u;l++)s[so[l]]=$d[l];if(s.x=void 0,s.y=void 0,s.labelBackgroundColor=void 0,s.labelBackgroundPadding=void 0,s.labelCursor=void 0,!n){var d,c,h,f,g;return s.x=(d=a.x)!==null&&d!==void 0?d:0,s.y=(c=a.y)!==null&&c!==void 0?c:0,o.size=(h=a.size)!==null&&h!==void 0?h:10,o.color=(f=a.color)!==null&&f!==void 0?f:"#666",o.label=(g=a.label)!==null&&g!==void 0?g:"",o}var p=Array.isArray(n)?n:[n];return yo(s,p,a,e,t,r,ft),o}function kr(n,a,e,t,r,i){for(var o=i||{},s=o,l=0,u=lo.length;l<u;l++)s[lo[l]]=Vd[l];if(!n){var d,c,h;return o.size=(d=a.size)!==null&&d!==void 0?d:1,o.color=(c=a.color)!==null&&c!==void 0?c:"#ccc",o.label=(h=a.label)!==null&&h!==void 0?h:"",o}var f=Array.isArray(n)?n:[n];return yo(s,f,a,e,t,r,Dr),typeof s.labelPosition=="number"&&(s.labelPosition=void 0),o}function jd(n,a,e){var t,r;if(n==null)return e;if(typeof n=="function")return(t=n(a))!==null&&t!==void 0?t:e;if(ie(n)==="object"&&"when"in n){var i,o=n,s=o.when(a),l=s?o.then:o.else;return l===void 0?e:typeof l=="function"?(i=l(a))!==null&&i!==void 0?i:e:l??e}if(ie(n)==="object"&&"whenState"in n){var u,d=n,c=Ta(d.whenState,a),h=c?d.then:d.else;return h===void 0?e:typeof h=="function"?(u=h(a))!==null&&u!==void 0?u:e:h??e}return(r=n)!==null&&r!==void 0?r:e}function Pr(n,a){var e={};if(!n)return e;var t=Array.isArray(n)?n:[n],r=U(t),i;try{for(r.s();!(i=r.n()).done;){var o=i.value;if("when"in o&&"then"in o){var s=o.when(a),l=s?o.then:o.else;l&&ie(l)==="object"&&Sr(e,l,a)}else if("whenState"in o&&"then"in o){var u=Ta(o.whenState,a),d=u?o.then:o.else;d&&ie(d)==="object"&&Sr(e,d,a)}else Sr(e,o,a)}}catch(c){r.e(c)}finally{r.f()}return e}function Sr(n,a,e){for(var t=0,r=Object.entries(a);t<r.length;t++){var i=oe(r[t],2),o=i[0],s=i[1];Lr.has(o)||(n[o]=jd(s,e))}}var Ea=(function(n){function a(){var e;return ne(this,a),e=me(this,a),e.rawEmitter=e,e}return ye(a,n),ae(a)})(uo.EventEmitter);var bo=ln;function Ir(n,a){var e=a.size;if(e!==0){var t=n.length;n.length+=e;var r=0;a.forEach(function(i){n[t+r]=i,r++})}}function _o(n){n=n||{};for(var a=0,e=arguments.length<=1?0:arguments.length-1;a<e;a++){var t=a+1<1||arguments.length<=a+1?void 0:arguments[a+1];t&&Object.assign(n,t)}return n}function dn(n,a){for(var e in a)if(Object.prototype.hasOwnProperty.call(a,e)&&a[e]!==n[e])return!0;return!1}function xo(n,a){var e=n,t=a;for(var r in e)if(Object.prototype.hasOwnProperty.call(e,r)&&e[r]!==t[r])return!1;for(var i in t)if(Object.prototype.hasOwnProperty.call(t,i)&&t[i]!==e[i])return!1;return!0}function Nt(n,a,e){e?n.add(a):n.delete(a)}var Eo=Qe(Wt());var So={easing:"quadraticInOut",duration:150};function Tt(n){return n.labelVisibility==="visible"&&n.visibility!=="hidden"}function Fr(n){return n.backdropVisibility==="visible"&&n.visibility!=="hidden"}function Sa(n){return[n.rotationAlignment==="graph"?1:0,n.labelRotationAlignment==="graph"?1:0]}function Gr(n,a,e){var t=n[a];if(t)for(var r=0;r<t.length;r++){var i=t[r];if(!(e<i.offset||e>=i.offset+i.count)){if(i.count===1)t.splice(r,1);else if(e===i.offset)i.offset++,i.count--;else if(e===i.offset+i.count-1)i.count--;else{var o=e+1,s=i.offset+i.count-o;i.count=e-i.offset,t.splice(r+1,0,{offset:o,count:s})}return}}}function zr(n,a,e){if(!n[a]){n[a]=[{offset:e,count:1}];return}for(var t=n[a],r=t.length,i=0;i<t.length;i++)if(e<t[i].offset){r=i;break}var o=r>0?t[r-1]:null,s=r<t.length?t[r]:null,l=o&&o.offset+o.count===e,u=s&&e+1===s.offset;l&&u?(o.count+=1+s.count,t.splice(r,1)):l?o.count++:u?(s.offset--,s.count++):t.splice(r,0,{offset:e,count:1})}function wo(n){if(!(0,Eo.default)(n))throw new Error("Sigma: invalid graph instance.")}function wa(n){var a=oe(n.x,2),e=a[0],t=a[1],r=oe(n.y,2),i=r[0],o=r[1],s=Math.max(t-e,o-i),l=(t+e)/2,u=(o+i)/2;(s===0||Math.abs(s)===1/0||isNaN(s))&&(s=1),isNaN(l)&&(l=0),isNaN(u)&&(u=0);var d=function(h){return{x:.5+(h.x-l)/s,y:.5+(h.y-u)/s}};return d.applyTo=function(c){c.x=.5+(c.x-l)/s,c.y=.5+(c.y-u)/s},d.inverse=function(c){return{x:l+s*(c.x-.5),y:u+s*(c.y-.5)}},d.ratio=s,d}var Aa={hideEdgesOnMove:!1,hideLabelsOnMove:!1,renderLabels:!0,renderEdgeLabels:!1,edgeLabelAnchors:"nodeLabels",enableEdgeEvents:!1,nodeLabelEvents:!1,edgeLabelEvents:!1,pickingDownSizingRatio:2,nodePickingPadding:0,edgePickingPadding:4,labelPickingPadding:10,stagePadding:30,minEdgeThickness:1.7,antiAliasingFeather:1,antialiasEdges:!0,antialiasNodes:!0,dragTimeout:100,draggedEventsTolerance:3,inertiaDuration:200,inertiaRatio:3,zoomDuration:250,zoomingRatio:1.7,doubleClickTimeout:300,doubleClickZoomingRatio:2.2,doubleClickZoomingDuration:200,tapMoveTolerance:10,zoomToSizeRatioFunction:Math.sqrt,itemSizesReference:"positions",autoRescale:!0,autoRescaleContent:"positions",enableNodeDrag:!1,getDraggedNodes:function(a){return[a]},dragPositionToAttributes:null,labelDensity:1,labelGridCellSize:100,labelRenderedSizeThreshold:6,labelPixelSnapping:!0,minCameraRatio:null,maxCameraRatio:null,enableCameraZooming:!0,enableCameraPanning:!0,enableCameraRotation:!0,enableCameraMouseRotation:!0,cameraPanBoundaries:null,gestureTarget:"graph",sharedGestureWheelMessage:"Use Ctrl + scroll to zoom the graph",sharedGestureAppleWheelMessage:"Use \u2318 + scroll to zoom the graph",sharedGestureTouchMessage:"Use two fingers to move the graph",allowInvalidContainer:!1,DEBUG_displayPickingLayer:!1,DEBUG_logShaders:!1,DEBUG_logRenderStats:!1,DEBUG_gpuTimerQueries:!1};function Ra(n){if(typeof n.labelDensity!="number"||n.labelDensity<0)throw new Error("Settings: invalid `labelDensity`. Expecting a positive number.");var a=n.minCameraRatio,e=n.maxCameraRatio;if(typeof a=="number"&&typeof e=="number"&&e<a)throw new Error("Settings: invalid camera ratio boundaries. Expecting `maxCameraRatio` to be greater than `minCameraRatio`.")}function Ao(n){return _o({},Aa,n)}var qd=new Set(["italic","oblique"]),Xd=new Set(["bold","bolder","lighter"]);function Da(n){for(var a="normal",e="normal",t=n.trim(),r=t.split(/\s+/),i=0,o=0;o<r.length;o++){var s=r[o].toLowerCase();if(qd.has(s))e=s,i=o+1;else if(Xd.has(s)||/^\d{3}$/.test(s))a=s,i=o+1;else if(s==="normal")i=o+1;else break}var l=r.slice(i).join(" ");return{family:l||t,weight:a,style:e}}function cn(n,a,e){var t=document.createElement(n);if(a)for(var r in a)t.style[r]=a[r];if(e)for(var i in e)t.setAttribute(i,e[i]);return t}function In(){return typeof window.devicePixelRatio<"u"?window.devicePixelRatio:1}var zo=Qe(Ft());function Yd(n){var a=n.type===WebGL2RenderingContext.FLOAT&&!n.normalized,e=n.type===WebGL2RenderingContext.UNSIGNED_BYTE&&n.size===4&&n.normalized;if(!a&&!e)throw new Error('Attribute "'.concat(n.name,'" is invalid: only non-normalized FLOAT and normalized UNSIGNED_BYTE with size 4 are supported.'));return n.normalized?1:n.size}function Nr(n){var a=0;return n.forEach(function(e){return a+=Yd(e)}),a}function No(n,a,e){var t=n==="VERTEX"?a.VERTEX_SHADER:a.FRAGMENT_SHADER,r=a.createShader(t);if(r===null)throw new Error("loadShader: error while creating the shader");a.shaderSource(r,e),a.compileShader(r);var i=a.getShaderParameter(r,a.COMPILE_STATUS);if(!i){var o=a.getShaderInfoLog(r);throw a.deleteShader(r),new Error(`loadShader: error while compiling the shader:
`.concat(o,`
`).concat(e))}return r}function Or(n,a){return No("VERTEX",n,a)}function Mr(n,a){return No("FRAGMENT",n,a)}function Br(n,a){var e=n.createProgram();if(e===null)throw new Error("loadProgram: error while creating the program.");var t,r;for(t=0,r=a.length;t<r;t++)n.attachShader(e,a[t]);n.linkProgram(e);var i=n.getProgramParameter(e,n.LINK_STATUS);if(!i){var o=n.getProgramInfoLog(e);throw n.deleteProgram(e),new Error("loadProgram: error while linking the program: ".concat(o))}return e}function Ro(n){var a=n.gl,e=n.buffer,t=n.program,r=n.vertexShader,i=n.fragmentShader;a.deleteShader(r),a.deleteShader(i),a.deleteProgram(t),a.deleteBuffer(e)}function Ee(n){return n%1===0?n.toFixed(1):n.toString()}var Fa=new Map,Wo=new Map,Kd=0;function Oo(n,a){var e,t=(e=n.variables)===null||e===void 0||(e=e[a.source||a.name.replace(/^a_/,"")])===null||e===void 0?void 0:e.default,r=typeof t=="number"?t:typeof a.defaultValue=="number"?a.defaultValue:0;return Ee(r)}function Ga(n,a,e){var t,r=arguments.length>3&&arguments[3]!==void 0?arguments[3]:function(o){return"v_".concat(o.name.replace(/^a_/,""))},i=[a,e].concat(Q(n.uniforms.filter(function(o){return o.type==="float"}).map(function(o){var s;return Ee((s=o.value)!==null&&s!==void 0?s:0)})),Q(((t=n.attributes)!==null&&t!==void 0?t:[]).map(r)));return"sdf_".concat(n.name,"(").concat(i.join(", "),")")}function Zd(n){var a,e=n.name,t=n.uniforms.filter(function(o){return o.type==="float"&&o.value!==void 0&&o.value!==0}).map(function(o){return"".concat(o.name.replace("u_",""),"=").concat(o.value)}).sort(),r=((a=n.attributes)!==null&&a!==void 0?a:[]).map(function(o){var s;return"".concat(o.name,"@").concat((s=o.source)!==null&&s!==void 0?s:"","=").concat(Oo(n,o))}),i=[].concat(Q(t),Q(r));return i.length>0&&(e+="#"+i.join("#")),e}function Qd(n){var a=Zd(n);if(!Fa.has(a)){var e={},t=U(n.uniforms),r;try{for(t.s();!(r=t.n()).done;){var i=r.value;i.type==="float"&&i.value!==void 0&&(e[i.name]=i.value)}}catch(o){t.e(o)}finally{t.f()}Fa.set(a,{shape:n,uniformValues:e,slug:a}),Wo.set(a,Kd++)}return a}function Wn(n){var a;return(a=Wo.get(n))!==null&&a!==void 0?a:-1}function Mo(n){var a=[],e=new Set,t=new Set,r=/mat2 rotate2D\(float angle\)\s*\{[^}]+\}/,i=U(n),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;if(!t.has(s.name)){t.add(s.name);var l=s.glsl;r.test(l)&&(e.has("rotate2D")?l=l.replace(r,""):e.add("rotate2D")),a.push(l)}}}catch(u){i.e(u)}finally{i.f()}return a.join(`
`)}function Jd(){return Mo(Array.from(Fa.values()).map(function(n){return n.shape}))}function ec(n){var a=Array.from(Fa.entries());if(a.length===0)return`
float querySDF(int shapeId, vec2 uv, float size) {
  return length(uv) - size;
}
`;var e=a.map(function(t,r){var i=oe(t,2),o=i[0],s=i[1].shape,l=Ga(s,"uv","size",function(u){var d=u.name.replace(/^a_/,"");return n!=null&&n.has(d)?"g_".concat(d):Oo(s,u)});return"    case ".concat(r,": return ").concat(l,"; // ").concat(o)}).join(`
`);return`
float querySDF(int shapeId, vec2 uv, float size) {
  switch (shapeId) {
`.concat(e,`
    default: return length(uv) - size;
  }
}
`)}function Ur(n){return Mo(n)}function On(n){return Q(new Map(n.flatMap(function(a){return a.uniforms}).map(function(a){return[a.name,a]})).values())}function tc(n,a){if(n.length===0)return`
void queryNodeSDF(int shapeId, vec2 uv, float size) {
  context.sdf = length(uv) - size;
  context.inradiusFactor = 1.0;
}
`;var e=function(c){return Ga(c,"uv","size")},t=function(c){var h,f;return(h=c.inradiusFactorGLSL)!==null&&h!==void 0?h:Ee((f=c.inradiusFactor)!==null&&f!==void 0?f:1)};if(n.length===1){var r=n[0];return`
void queryNodeSDF(int shapeId, vec2 uv, float size) {
  context.sdf = `.concat(e(r),`;
  context.inradiusFactor = `).concat(t(r),`;
}
`)}var i=n.map(function(d,c){return"    case ".concat(c,": // ").concat(d.name,`
      context.sdf = `).concat(e(d),`;
      context.inradiusFactor = `).concat(t(d),`;
      break;`)}).join(`
`),o=n[0],s="",l="shapeId";if(a&&a.length>1){var u=a.map(function(d,c){return"    case ".concat(d,": return ").concat(c,"; // ").concat(n[c].name)}).join(`
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
`)}var fn={right:0,left:1,above:2,below:3,over:4},gn=5,Hr=3,Bo=`
float matrixScaleX = length(vec2(u_matrix[0][0], u_matrix[1][0]));
float nodeRadiusGraphSpace = nodeSize * u_correctionRatio / u_sizeRatio * 2.0;
float nodeRadiusNDC = nodeRadiusGraphSpace * matrixScaleX;
float nodeRadiusPixels = nodeRadiusNDC * u_resolution.x / 2.0;
`,nc=`
mat2 rotate2D(float angle) {
  float c = cos(angle);
  float s = sin(angle);
  return mat2(c, -s, s, c);
}
`,Uo=`
vec2 getLabelDirection(float positionMode) {
  if (positionMode < 0.5) return vec2(1.0, 0.0);   // Right
  if (positionMode < 1.5) return vec2(-1.0, 0.0);  // Left
  if (positionMode < 2.5) return vec2(0.0, -1.0);  // Above
  if (positionMode < 3.5) return vec2(0.0, 1.0);   // Below
  return vec2(0.0);                                 // Over (centered)
}
`,ac=`
float sdfBox(vec2 p, vec2 halfSize) {
  vec2 d = abs(p) - halfSize;
  return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
}
`,rc=`
float sdfRotatedBox(vec2 p, vec2 halfSize, float angle) {
  float c = cos(-angle);
  float s = sin(-angle);
  vec2 rotatedP = mat2(c, -s, s, c) * p;
  return sdfBox(rotatedP, halfSize);
}
`,ic=`
float sdfRoundedBox(vec2 p, vec2 halfSize, float radius) {
  vec2 d = abs(p) - halfSize + radius;
  return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0) - radius;
}
`,oc=`
float sdfRoundedRotatedBox(vec2 p, vec2 halfSize, float angle, float radius) {
  float c = cos(-angle);
  float s = sin(-angle);
  vec2 rotatedP = mat2(c, -s, s, c) * p;
  return sdfRoundedBox(rotatedP, halfSize, radius);
}
`,Ho=`
vec2 labelBoxCenter(float positionMode, float labelStart, vec2 halfSize, float textHalfY) {
  if (positionMode < 0.5) return vec2(labelStart + halfSize.x, 0.0);    // right
  if (positionMode < 1.5) return vec2(-(labelStart + halfSize.x), 0.0); // left
  if (positionMode < 2.5) return vec2(0.0, -(labelStart + textHalfY));  // above
  if (positionMode < 3.5) return vec2(0.0, labelStart + textHalfY);     // below
  return vec2(0.0);                                                     // over
}
`,$r=2,gt=`
vec4 readNodeData(sampler2D nodeDataTexture, int nodeDataTextureWidth, int nodeIndex) {
  int t = nodeIndex * `.concat($r,`;
  ivec2 coord = ivec2(t % nodeDataTextureWidth, t / nodeDataTextureWidth);
  return texelFetch(nodeDataTexture, coord, 0);
}
`),Mt=`
vec4 readNodeFlags(sampler2D nodeDataTexture, int nodeDataTextureWidth, int nodeIndex) {
  int t = nodeIndex * `.concat($r,` + 1;
  ivec2 coord = ivec2(t % nodeDataTextureWidth, t / nodeDataTextureWidth);
  return texelFetch(nodeDataTexture, coord, 0);
}
`),sc=`
vec4 readNodeColor(sampler2D nodeDataTexture, int nodeDataTextureWidth, int nodeIndex) {
  int t = nodeIndex * `.concat($r,` + 1;
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
`;function lc(n,a){var e=function(o){return Ga(o,"uv","size")};if(n.length===1)return{code:Do(e(n[0])),multiShape:!1};var t=n.map(function(i,o){return"    case ".concat(a?a[o]:o,": return ").concat(e(i),";")}).join(`
`),r=`
float queryShapeSDF(int shapeId, vec2 uv, float size) {
  switch (shapeId) {
`.concat(t,`
    default: return `).concat(e(n[0]),`;
  }
}
int g_shapeId;
`).concat(Do("queryShapeSDF(g_shapeId, uv, size)"),`
`);return{code:r,multiShape:!0}}function Do(n){return`
float findEdgeDistance(vec2 direction, float size) {
  float lo = 0.0, hi = 2.0;
  for (int i = 0; i < 8; i++) {
    float mid = (lo + hi) * 0.5;
    vec2 uv = direction * mid;
    if (`.concat(n,` < 0.0) lo = mid; else hi = mid;
  }
  return (lo + hi) * 0.5;
}
`)}function uc(n,a){for(;!{}.hasOwnProperty.call(n,a)&&(n=Gt(n))!==null;);return n}function Wr(){return Wr=typeof Reflect<"u"&&Reflect.get?Reflect.get.bind():function(n,a,e){var t=uc(n,a);if(t){var r=Object.getOwnPropertyDescriptor(t,a);return r.get?r.get.call(arguments.length<3?n:e):r.value}},Wr.apply(null,arguments)}function Re(n,a,e,t){var r=Wr(Gt(1&t?n.prototype:n),a,e);return 2&t&&typeof r=="function"?function(i){return r.apply(e,i)}:r}var dc=1024,cc=1.5,hc=4096,$o=-1,za=(function(){function n(a,e){var t=arguments.length>2&&arguments[2]!==void 0?arguments[2]:dc;ne(this,n),R(this,"texture",null),R(this,"dirty",!1),R(this,"dirtyRangeStart",1/0),R(this,"dirtyRangeEnd",-1),R(this,"indexMap",new Map),R(this,"freeIndices",[]),R(this,"nextIndex",0),this.gl=a,this.TEXELS_PER_ITEM=e,this.capacity=this.roundUpToPowerOfTwo(t);var r=this.computeTextureDimensions(this.capacity);this.textureWidth=r.width,this.textureHeight=r.height,this.data=new Float32Array(this.textureWidth*this.textureHeight*4),this.createTexture()}return ae(n,[{key:"computeTextureDimensions",value:function(e){var t=e*this.TEXELS_PER_ITEM,r=Math.min(t,hc),i=Math.ceil(t/r);return{width:r,height:i}}},{key:"roundUpToPowerOfTwo",value:function(e){return Math.pow(2,Math.ceil(Math.log2(Math.max(1,e))))}},{key:"createTexture",value:function(){var e=this.gl;this.texture=e.createTexture(),e.activeTexture(e.TEXTURE0),e.bindTexture(e.TEXTURE_2D,this.texture),e.texImage2D(e.TEXTURE_2D,0,e.RGBA32F,this.textureWidth,this.textureHeight,0,e.RGBA,e.FLOAT,this.data),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_MIN_FILTER,e.NEAREST),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_MAG_FILTER,e.NEAREST),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_WRAP_S,e.CLAMP_TO_EDGE),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_WRAP_T,e.CLAMP_TO_EDGE),e.bindTexture(e.TEXTURE_2D,null)}},{key:"resize",value:function(e){if(!(e<=this.capacity)){var t=this.roundUpToPowerOfTwo(Math.ceil(e*cc)),r=this.gl,i=this.computeTextureDimensions(t),o=new Float32Array(i.width*i.height*4);o.set(this.data),this.texture&&r.deleteTexture(this.texture),this.data=o,this.capacity=t,this.textureWidth=i.width,this.textureHeight=i.height,this.createTexture(),this.dirty=!0,this.dirtyRangeStart=0,this.dirtyRangeEnd=this.nextIndex}}},{key:"allocate",value:function(e){var t=this.indexMap.get(e);if(t!==void 0)return t;var r;return this.freeIndices.length>0?r=this.freeIndices.pop():(r=this.nextIndex++,r>=this.capacity&&this.resize(r+1)),this.indexMap.set(e,r),r}},{key:"free",value:function(e){var t=this.indexMap.get(e);if(t!==void 0){this.indexMap.delete(e),this.freeIndices.push(t);for(var r=t*this.TEXELS_PER_ITEM*4,i=0;i<this.TEXELS_PER_ITEM*4;i++)this.data[r+i]=0;this.markDirty(t)}}},{key:"getIndex",value:function(e){var t;return(t=this.indexMap.get(e))!==null&&t!==void 0?t:-1}},{key:"has",value:function(e){return this.indexMap.has(e)}},{key:"markDirty",value:function(e){this.dirty=!0,this.dirtyRangeStart=Math.min(this.dirtyRangeStart,e),this.dirtyRangeEnd=Math.max(this.dirtyRangeEnd,e+1)}},{key:"upload",value:function(){if(!(!this.dirty||!this.texture)){var e=this.gl,t=this.textureWidth;e.activeTexture(e.TEXTURE0),e.bindTexture(e.TEXTURE_2D,this.texture);var r=this.dirtyRangeStart*this.TEXELS_PER_ITEM,i=Math.min(this.dirtyRangeEnd*this.TEXELS_PER_ITEM,this.capacity*this.TEXELS_PER_ITEM);if(r<i)for(var o=Math.floor(r/t),s=Math.floor((i-1)/t),l=o;l<=s;l++){var u=l*t,d=Math.min(u+t,this.capacity*this.TEXELS_PER_ITEM),c=Math.max(r,u),h=Math.min(i,d);if(c<h){var f=c-u,g=h-c,p=this.data.subarray(c*4,h*4);e.texSubImage2D(e.TEXTURE_2D,0,f,l,g,1,e.RGBA,e.FLOAT,p)}}e.bindTexture(e.TEXTURE_2D,null),this.dirty=!1,this.dirtyRangeStart=1/0,this.dirtyRangeEnd=-1}}},{key:"bind",value:function(e){var t=this.gl;t.activeTexture(t.TEXTURE0+e),t.bindTexture(t.TEXTURE_2D,this.texture)}},{key:"getTexture",value:function(){return this.texture}},{key:"getCapacity",value:function(){return this.capacity}},{key:"getTextureWidth",value:function(){return this.textureWidth}},{key:"getTextureHeight",value:function(){return this.textureHeight}},{key:"getTexelsPerItem",value:function(){return this.TEXELS_PER_ITEM}},{key:"getCount",value:function(){return this.indexMap.size}},{key:"getHighWaterMark",value:function(){return this.nextIndex}},{key:"isDirty",value:function(){return this.dirty}},{key:"clear",value:function(){this.indexMap.clear(),this.freeIndices=[],this.nextIndex=0,this.data.fill(0),this.dirty=!0,this.dirtyRangeStart=0,this.dirtyRangeEnd=this.capacity}},{key:"restore",value:function(){this.createTexture(),this.dirty=!1,this.dirtyRangeStart=1/0,this.dirtyRangeEnd=-1}},{key:"kill",value:function(){this.texture&&(this.gl.deleteTexture(this.texture),this.texture=null),this.indexMap.clear(),this.freeIndices=[]}}])})();function Xe(n){var a={},e={},t=0,r=U(n),i;try{for(r.s();!(i=r.n()).done;){var o=i.value,s=U(o.attributes),l;try{for(s.s();!(l=s.n()).done;){var u=l.value,d=u.name.replace(/^a_/,"");d in a||(a[d]=t,e[d]=u,t+=u.size)}}catch(c){s.e(c)}finally{s.f()}}}catch(c){r.e(c)}finally{r.f()}return{floatsPerItem:t,texelsPerItem:Math.max(1,Math.ceil(t/4)),offsets:a,specs:e}}var Na=(function(n){function a(e,t,r){var i;return ne(this,a),i=me(this,a,[e,t.texelsPerItem,r]),i.floatsPerItem=t.floatsPerItem,i}return ye(a,n),ae(a,[{key:"updateAllAttributes",value:function(t,r){var i=this.indexMap.get(t);i===void 0&&(i=this.allocate(t));for(var o=i*this.TEXELS_PER_ITEM*4,s=Math.min(r.length,this.floatsPerItem),l=0;l<s;l++)this.data[o+l]=r[l];this.markDirty(i)}},{key:"updateAllAttributesAtRow",value:function(t,r){t>=this.capacity&&this.resize(t+1);for(var i=t*this.TEXELS_PER_ITEM*4,o=Math.min(r.length,this.floatsPerItem),s=0;s<o;s++)this.data[i+s]=r[s];this.markDirty(t)}}])})(za);function Wa(n,a,e){for(var t=[],r=new Set,i=0;i<n.length;i++){var o=n[i],s=U(o.attributes),l;try{for(s.s();!(l=s.n()).done;){var u=l.value,d=u.name.replace(/^a_/,"");if(!r.has(d)){r.add(d);var c=a.offsets[d];if(c!==void 0){var h=e?.get(i);t.push({sourceKey:u.source||d,packedOffset:c,size:u.size,isColor:u.size===4&&!!u.normalized,defaultNum:typeof u.defaultValue=="number"?u.defaultValue:u.defaultValue===!0?1:0,defaultColor:typeof u.defaultValue=="string"?u.defaultValue:"",sourceIndex:i,hasLifecycleHook:!!(h!=null&&h.getAttributeData)})}}}}catch(f){s.e(f)}finally{s.f()}}return t}function Oa(n,a,e,t,r,i){e.fill(0);for(var o=0,s=n.length;o<s;o++){var l=n[o],u=l.packedOffset,d=void 0;if(l.hasLifecycleHook){var c=r.get(l.sourceIndex-i);d=c.getAttributeData(a,l.sourceKey),d===null&&(d=a[l.sourceKey])}else d=a[l.sourceKey];if(l.isColor){var h=typeof d=="string"?d:l.defaultColor||t,f=_t(h),g=oe(f,4),p=g[0],m=g[1],v=g[2],y=g[3];e[u]=p/255,e[u+1]=m/255,e[u+2]=v/255,e[u+3]=y/255}else if(l.size===1)e[u]=typeof d=="number"?d:typeof d=="boolean"?d?1:0:l.defaultNum;else{var b=Array.isArray(d)?d:null;if(b)for(var x=0;x<l.size;x++){var _;e[u+x]=(_=b[x])!==null&&_!==void 0?_:0}}}}var La=["r","g","b","a"];function hn(n,a){var e=n.offsets,t=n.specs,r=n.texelsPerItem,i=n.floatsPerItem,o=Object.keys(e);if(o.length===0||i===0)return{fetchCode:"",varyingAssignments:""};var s=a.varPrefix,l=a.baseTexelExpr,u=a.textureWidthUniform,d=a.textureSamplerUniform,c=a.outputPrefix,h=c===void 0?"v_":c,f=[];f.push("  int ".concat(s,"BaseTexel = ").concat(l,";")),f.push("");for(var g=0;g<r;g++)f.push("  ivec2 ".concat(s,"Coord").concat(g," = ivec2((").concat(s,"BaseTexel + ").concat(g,") % ").concat(u,", (").concat(s,"BaseTexel + ").concat(g,") / ").concat(u,");")),f.push("  vec4 ".concat(s,"Texel").concat(g," = texelFetch(").concat(d,", ").concat(s,"Coord").concat(g,", 0);"));f.push("");for(var p=[],m=function(){var x=y[v],_=t[x],E=e[x],w=Math.floor(E/4),A=E%4,S="".concat(s,"Texel").concat(w),L="".concat(s,"Texel").concat(w+1),G="".concat(s,"Fetched_").concat(x);if(_.size===1)f.push("  float ".concat(G," = ").concat(S,".").concat(La[A],";"));else if(_.size===4&&A===0)f.push("  vec4 ".concat(G," = ").concat(S,";"));else{var C=A+_.size;if(C<=4){var N="vec".concat(_.size),k=La.slice(A,C).join("");f.push("  ".concat(N," ").concat(G," = ").concat(S,".").concat(k,";"))}else{var I=_.size===4?"vec4":"vec".concat(_.size),W=La.slice(A).map(function(F){return"".concat(S,".").concat(F)}),P=La.slice(0,C-4).map(function(F){return"".concat(L,".").concat(F)}),T=[].concat(Q(W),Q(P)).join(", ");f.push("  ".concat(I," ").concat(G," = ").concat(I,"(").concat(T,");"))}}p.push("  ".concat(h).concat(x," = ").concat(G,";"))},v=0,y=o;v<y.length;v++)m();return{fetchCode:f.join(`
`),varyingAssignments:p.join(`
`)}}function Vr(n,a,e){if(!(!a||e.type==="sampler2D"))switch(e.type){case"float":n.uniform1f(a,e.value);break;case"int":case"bool":n.uniform1i(a,e.value);break;case"vec2":n.uniform2fv(a,e.value);break;case"vec3":n.uniform3fv(a,e.value);break;case"vec4":n.uniform4fv(a,e.value);break;case"mat3":n.uniformMatrix3fv(a,!1,e.value);break;case"mat4":n.uniformMatrix4fv(a,!1,e.value);break}}var fc=R(R(R(R(R(R(R(R({},WebGL2RenderingContext.BOOL,1),WebGL2RenderingContext.BYTE,1),WebGL2RenderingContext.UNSIGNED_BYTE,1),WebGL2RenderingContext.SHORT,2),WebGL2RenderingContext.UNSIGNED_SHORT,2),WebGL2RenderingContext.INT,4),WebGL2RenderingContext.UNSIGNED_INT,4),WebGL2RenderingContext.FLOAT,4);function Ca(n){var a=n.match(/^(#version[^\n]*\n)/);return a?a[1]+`#define PICKING_MODE
`+n.slice(a[1].length):`#define PICKING_MODE
`+n}var Bt=(function(){function n(a,e,t){ne(this,n),R(this,"floats",new Float32Array),R(this,"ints",new Uint32Array),R(this,"constantArray",new Float32Array),R(this,"capacity",0),R(this,"verticesCount",0),R(this,"bufferGeneration",0),R(this,"uploadedGeneration",new Map),R(this,"constantBufferGeneration",0),R(this,"uploadedConstantGeneration",new Map),R(this,"renderOffset",0),R(this,"renderCount",-1),R(this,"debugStats",{drawCalls:0,verticesDrawn:0,bufferUploadBytes:0}),R(this,"shadersLogged",!1),R(this,"pickProgram",null);var r=this.getDefinition();if(this.VERTICES=r.VERTICES,this.VERTEX_SHADER_SOURCE=r.VERTEX_SHADER_SOURCE,this.FRAGMENT_SHADER_SOURCE=r.FRAGMENT_SHADER_SOURCE,this.UNIFORMS=r.UNIFORMS,this.ATTRIBUTES=r.ATTRIBUTES,this.METHOD=r.METHOD,this.CONSTANT_ATTRIBUTES="CONSTANT_ATTRIBUTES"in r?r.CONSTANT_ATTRIBUTES:[],this.CONSTANT_DATA="CONSTANT_DATA"in r?r.CONSTANT_DATA:[],this.isInstanced="CONSTANT_ATTRIBUTES"in r,this.ATTRIBUTES_ITEMS_COUNT=Nr(this.ATTRIBUTES),this.STRIDE=this.VERTICES*this.ATTRIBUTES_ITEMS_COUNT,this.renderer=t,this.normalProgram=this.getProgramInfo("normal",a,r.VERTEX_SHADER_SOURCE,r.FRAGMENT_SHADER_SOURCE,null),this.pickProgram=this.getProgramInfo("pick",a,Ca(r.VERTEX_SHADER_SOURCE),Ca(r.FRAGMENT_SHADER_SOURCE),null),this.isInstanced){var i=Nr(this.CONSTANT_ATTRIBUTES);if(this.CONSTANT_DATA.length!==this.VERTICES)throw new Error("Program: error while getting constant data (expected ".concat(this.VERTICES," items, received ").concat(this.CONSTANT_DATA.length," instead)"));this.constantArray=new Float32Array(this.CONSTANT_DATA.length*i);for(var o=0;o<this.CONSTANT_DATA.length;o++){var s=this.CONSTANT_DATA[o];if(s.length!==i)throw new Error("Program: error while getting constant data (one vector has ".concat(s.length," items instead of ").concat(i,")"));for(var l=0;l<s.length;l++)this.constantArray[o*i+l]=s[l]}this.STRIDE=this.ATTRIBUTES_ITEMS_COUNT}}return ae(n,[{key:"kill",value:function(){Ro(this.normalProgram),this.pickProgram&&Ro(this.pickProgram)}},{key:"resetDebugStats",value:function(){this.debugStats.drawCalls=0,this.debugStats.verticesDrawn=0,this.debugStats.bufferUploadBytes=0}},{key:"getProgramInfo",value:function(e,t,r,i,o){var s=t.createBuffer();if(s===null)throw new Error("Program: error while creating the WebGL buffer.");var l=Or(t,r),u=Mr(t,i),d=Br(t,[l,u]),c={};this.UNIFORMS.forEach(function(g){var p=t.getUniformLocation(d,g);p&&(c[g]=p)});var h={};this.ATTRIBUTES.forEach(function(g){h[g.name]=t.getAttribLocation(d,g.name)});var f;if(this.isInstanced&&(this.CONSTANT_ATTRIBUTES.forEach(function(g){h[g.name]=t.getAttribLocation(d,g.name)}),f=t.createBuffer(),f===null))throw new Error("Program: error while creating the WebGL constant buffer.");return{name:e,program:d,gl:t,frameBuffer:o,buffer:s,constantBuffer:f||{},uniformLocations:c,attributeLocations:h,isPicking:e==="pick",vertexShader:l,fragmentShader:u}}},{key:"bindProgram",value:function(e){var t=this,r=0,i=e.gl,o=e.buffer;if(this.isInstanced){if(i.bindBuffer(i.ARRAY_BUFFER,e.constantBuffer),r=0,this.CONSTANT_ATTRIBUTES.forEach(function(d){return r+=t.bindAttribute(d,e,r,!1)}),this.uploadedConstantGeneration.get(e.constantBuffer)!==this.constantBufferGeneration){var l;i.bufferData(i.ARRAY_BUFFER,this.constantArray,i.STATIC_DRAW),this.uploadedConstantGeneration.set(e.constantBuffer,this.constantBufferGeneration),(l=this.renderer)!==null&&l!==void 0&&l.getSetting("DEBUG_logRenderStats")&&(this.debugStats.bufferUploadBytes+=this.constantArray.byteLength)}if(i.bindBuffer(i.ARRAY_BUFFER,e.buffer),r=this.renderOffset*this.ATTRIBUTES_ITEMS_COUNT*Float32Array.BYTES_PER_ELEMENT,this.ATTRIBUTES.forEach(function(d){return r+=t.bindAttribute(d,e,r,!0)}),this.uploadedGeneration.get(o)!==this.bufferGeneration){var u;i.bufferData(i.ARRAY_BUFFER,this.floats,i.DYNAMIC_DRAW),this.uploadedGeneration.set(o,this.bufferGeneration),(u=this.renderer)!==null&&u!==void 0&&u.getSetting("DEBUG_logRenderStats")&&(this.debugStats.bufferUploadBytes+=this.floats.byteLength)}}else if(i.bindBuffer(i.ARRAY_BUFFER,o),r=0,this.ATTRIBUTES.forEach(function(d){return r+=t.bindAttribute(d,e,r)}),this.uploadedGeneration.get(o)!==this.bufferGeneration){var s;i.bufferData(i.ARRAY_BUFFER,this.floats,i.DYNAMIC_DRAW),this.uploadedGeneration.set(o,this.bufferGeneration),(s=this.renderer)!==null&&s!==void 0&&s.getSetting("DEBUG_logRenderStats")&&(this.debugStats.bufferUploadBytes+=this.floats.byteLength)}i.bindBuffer(i.ARRAY_BUFFER,null)}},{key:"unbindProgram",value:function(e){var t=this;this.isInstanced?(this.CONSTANT_ATTRIBUTES.forEach(function(r){return t.unbindAttribute(r,e,!1)}),this.ATTRIBUTES.forEach(function(r){return t.unbindAttribute(r,e,!0)})):this.ATTRIBUTES.forEach(function(r){return t.unbindAttribute(r,e)})}},{key:"bindAttribute",value:function(e,t,r,i){var o=fc[e.type];if(typeof o!="number")throw new Error('Program.bind: yet unsupported attribute type "'.concat(e.type,'"'));var s=t.attributeLocations[e.name],l=t.gl;if(s!==-1){l.enableVertexAttribArray(s);var u=this.isInstanced?(i?this.ATTRIBUTES_ITEMS_COUNT:Nr(this.CONSTANT_ATTRIBUTES))*Float32Array.BYTES_PER_ELEMENT:this.ATTRIBUTES_ITEMS_COUNT*Float32Array.BYTES_PER_ELEMENT;l.vertexAttribPointer(s,e.size,e.type,e.normalized||!1,u,r),this.isInstanced&&i&&l.vertexAttribDivisor(s,1)}return e.size*o}},{key:"unbindAttribute",value:function(e,t,r){var i=t.attributeLocations[e.name],o=t.gl;i!==-1&&(o.disableVertexAttribArray(i),this.isInstanced&&r&&o.vertexAttribDivisor(i,0))}},{key:"reallocate",value:function(e){e!==this.capacity&&(this.capacity=e,this.verticesCount=this.VERTICES*e,this.floats=new Float32Array(this.isInstanced?this.capacity*this.ATTRIBUTES_ITEMS_COUNT:this.verticesCount*this.ATTRIBUTES_ITEMS_COUNT),this.ints=new Uint32Array(this.floats.buffer),this.invalidateBuffers())}},{key:"invalidateBuffers",value:function(){this.bufferGeneration++,this.constantBufferGeneration++}},{key:"hasNothingToRender",value:function(){return this.verticesCount===0}},{key:"setTypedUniform",value:function(e,t){var r;Vr(t.gl,(r=t.uniformLocations[e.name])!==null&&r!==void 0?r:null,e)}},{key:"renderProgram",value:function(e,t){var r=t.gl,i=t.program,o=t.isPicking;o?r.disable(r.BLEND):r.enable(r.BLEND),r.useProgram(i),this.setUniforms(e,t),this.drawWebGL(this.METHOD,t)}},{key:"render",value:function(e,t,r){var i;if(!this.shadersLogged&&(i=this.renderer)!==null&&i!==void 0&&i.getSetting("DEBUG_logShaders")&&(this.shadersLogged=!0,console.log("[sigma] DEBUG_logShaders: ".concat(this.constructor.name),{normal:{vertexShaderSource:this.VERTEX_SHADER_SOURCE,fragmentShaderSource:this.FRAGMENT_SHADER_SOURCE},pick:{vertexShaderSource:Ca(this.VERTEX_SHADER_SOURCE),fragmentShaderSource:Ca(this.FRAGMENT_SHADER_SOURCE)}})),!this.hasNothingToRender()){this.renderOffset=t??0,this.renderCount=r??-1;var o=this.normalProgram.gl;if(o.bindFramebuffer(o.FRAMEBUFFER,null),o.viewport(0,0,e.width*e.pixelRatio,e.height*e.pixelRatio),this.bindProgram(this.normalProgram),this.renderProgram(e,this.normalProgram),this.unbindProgram(this.normalProgram),this.pickProgram&&e.pickingFrameBuffer){var s=Math.ceil(e.width*e.pixelRatio/e.downSizingRatio),l=Math.ceil(e.height*e.pixelRatio/e.downSizingRatio);o.bindFramebuffer(o.FRAMEBUFFER,e.pickingFrameBuffer),o.viewport(0,0,s,l),this.bindProgram(this.pickProgram),this.renderProgram(e,this.pickProgram),this.unbindProgram(this.pickProgram),o.bindFramebuffer(o.FRAMEBUFFER,null),o.viewport(0,0,e.width*e.pixelRatio,e.height*e.pixelRatio)}}}},{key:"drawWebGL",value:function(e,t){var r,i=t.gl,o=this.renderCount>=0?this.renderCount:this.capacity;(r=this.renderer)!==null&&r!==void 0&&r.getSetting("DEBUG_logRenderStats")&&(this.debugStats.drawCalls++,this.debugStats.verticesDrawn+=o*this.VERTICES),this.isInstanced?i.drawArraysInstanced(e,0,this.VERTICES,o):i.drawArrays(e,this.renderOffset*this.VERTICES,o*this.VERTICES)}}])})(),wt=2,Mn=7,Vo={below:0,above:1,left:2,right:3};function gc(){var n=`#version 300 es
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
`).concat(Ho,`
`).concat(nc,`

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
  float gap = `).concat(wt.toFixed(1),` * zoomScale * u_pixelRatio;
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
`);return n}var vc=`#version 300 es
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
`;function pc(n,a,e,t){var r,i,o=t.label,s=o===void 0?{}:o,l=(r=s.margin)!==null&&r!==void 0?r:gn,u=(i=s.zoomToLabelSizeRatioFunction)!==null&&i!==void 0?i:function(){return 1},d=gc(),c=vc,h=(function(f){function g(){var p;ne(this,g);for(var m=arguments.length,v=new Array(m),y=0;y<m;y++)v[y]=arguments[y];return p=me(this,g,[].concat(v)),R(p,"totalCount",0),R(p,"bufferCapacity",0),p}return ye(g,f),ae(g,[{key:"getDefinition",value:function(){var m=WebGL2RenderingContext,v=m.FLOAT,y=m.TRIANGLE_STRIP;return{VERTICES:4,VERTEX_SHADER_SOURCE:d,FRAGMENT_SHADER_SOURCE:c,METHOD:y,UNIFORMS:["u_matrix","u_resolution","u_labelPixelSnapping","u_sizeRatio","u_correctionRatio","u_cameraAngle","u_pixelRatio","u_labelMargin","u_zoomLabelSizeRatio","u_nodeDataTexture","u_nodeDataTextureWidth","u_nodeFrameTexture","u_nodeFrameTextureWidth","u_atlasTexture"],ATTRIBUTES:[{name:"a_nodeIndex",size:1,type:v},{name:"a_atlasRect",size:4,type:v},{name:"a_attachmentSize",size:2,type:v},{name:"a_positionMode",size:1,type:v},{name:"a_attachmentPlacement",size:1,type:v},{name:"a_labelWidth",size:1,type:v},{name:"a_labelHeight",size:1,type:v},{name:"a_textHeight",size:1,type:v},{name:"a_labelAngle",size:1,type:v}],CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:v}],CONSTANT_DATA:[[-1,-1],[1,-1],[-1,1],[1,1]]}}},{key:"processAttachment",value:function(m,v){var y=this.floats,b=m*this.STRIDE;y[b++]=v.nodeIndex,y[b++]=v.atlasX,y[b++]=v.atlasY,y[b++]=v.atlasW,y[b++]=v.atlasH,y[b++]=v.attachWidth,y[b++]=v.attachHeight,y[b++]=v.positionMode,y[b++]=v.attachmentPlacement,y[b++]=v.labelWidth,y[b++]=v.labelHeight,y[b++]=v.textHeight,y[b++]=v.labelAngle}},{key:"setUniforms",value:function(m,v){var y=v.gl,b=v.uniformLocations;y.uniformMatrix3fv(b.u_matrix,!1,m.matrix),y.uniform2f(b.u_resolution,m.width*m.pixelRatio,m.height*m.pixelRatio),y.uniform1f(b.u_labelPixelSnapping,m.labelPixelSnapping),y.uniform1f(b.u_sizeRatio,m.sizeRatio),y.uniform1f(b.u_correctionRatio,m.correctionRatio),y.uniform1f(b.u_cameraAngle,m.cameraAngle),y.uniform1f(b.u_pixelRatio,m.pixelRatio),y.uniform1f(b.u_labelMargin,g.labelMargin),y.uniform1f(b.u_zoomLabelSizeRatio,1/u(m.zoomRatio)),y.uniform1i(b.u_nodeDataTexture,m.nodeDataTextureUnit),y.uniform1i(b.u_nodeDataTextureWidth,m.nodeDataTextureWidth),y.uniform1i(b.u_nodeFrameTexture,m.nodeFrameTextureUnit),y.uniform1i(b.u_nodeFrameTextureWidth,m.nodeFrameTextureWidth),y.uniform1i(b.u_atlasTexture,Mn)}},{key:"reallocateAttachments",value:function(m){this.totalCount=m,m>this.bufferCapacity&&(this.bufferCapacity=Math.max(m,Math.ceil(this.bufferCapacity*1.5)||10),Re(g,"reallocate",this,3)([this.bufferCapacity]))}},{key:"hasNothingToRender",value:function(){return this.totalCount===0}},{key:"drawWebGL",value:function(m,v){var y=v.gl;this.totalCount!==0&&y.drawArraysInstanced(m,0,this.VERTICES,this.totalCount)}}])})(Bt);return R(h,"labelMargin",l),new h(n,a,e)}var Et=5;function Ma(n,a){return[].concat(Q(a),Q(n.map(function(e){var t;return{attributes:(t=e.attributes)!==null&&t!==void 0?t:[]}})))}function pn(n,a){var e=Xe(Ma(n,a)),t=new Set(n.flatMap(function(u){var d;return(d=u.attributes)!==null&&d!==void 0?d:[]}).map(function(u){return u.name.replace(/^a_/,"")})),r={},i={},o=U(t),s;try{for(o.s();!(s=o.n()).done;){var l=s.value;r[l]=e.offsets[l],i[l]=e.specs[l]}}catch(u){o.e(u)}finally{o.f()}return $($({},e),{},{offsets:r,specs:i})}function mc(n,a){var e=new Set(["u_matrix","u_sizeRatio","u_correctionRatio","u_cameraAngle","u_pickingPadding","u_nodeDataTexture","u_layerAttributeTexture"]),t=new Set,r=n.flatMap(function(f){return f.uniforms}).filter(function(f){return e.has(f.name)||t.has(f.name)?!1:(t.add(f.name),!0)}).map(function(f){return"uniform ".concat(f.type," ").concat(f.name,";")}).join(`
`),i=a.flatMap(function(f){return f.uniforms}).filter(function(f){return e.has(f.name)||t.has(f.name)?!1:(t.add(f.name),!0)}).map(function(f){return"uniform ".concat(f.type," ").concat(f.name,";")}).join(`
`),o=Ma(n,a),s=new Set,l=o.flatMap(function(f){return f.attributes}).filter(function(f){var g=f.name.replace(/^a_/,"");return s.has(g)?!1:(s.add(g),!0)}).map(function(f){var g=f.name.replace(/^a_/,""),p=f.size===1?"float":"vec".concat(f.size);return"out ".concat(p," v_").concat(g,";")}).join(`
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
`);return h}function yc(n,a,e){var t=arguments.length>3&&arguments[3]!==void 0?arguments[3]:!0,r=a.map(function(g,p){var m="layer_".concat(g.name),v=[].concat(Q(g.attributes.map(function(y){return"v_".concat(y.name.replace(/^a_/,""))})),Q(g.uniforms.map(function(y){return y.name}))).join(", ");return"  // Layer ".concat(p+1,": ").concat(g.name,`
  color = blendOver(color, `).concat(m,"(").concat(v,"));")}).join(`

`),i=new Set(["u_correctionRatio"]),o=new Set,s=n.flatMap(function(g){return g.uniforms}).filter(function(g){return i.has(g.name)||o.has(g.name)?!1:(o.add(g.name),!0)}).map(function(g){return"uniform ".concat(g.type," ").concat(g.name,";")}).join(`
`),l=a.flatMap(function(g){return g.uniforms}).filter(function(g){return i.has(g.name)||o.has(g.name)?!1:(o.add(g.name),!0)}).map(function(g){return"uniform ".concat(g.type," ").concat(g.name,";")}).join(`
`),u=new Set,d=Ma(n,a).flatMap(function(g){return g.attributes}).filter(function(g){var p=g.name.replace(/^a_/,"");return u.has(p)?!1:(u.add(p),!0)}).map(function(g){var p=g.name.replace(/^a_/,""),m=g.size===1?"float":"vec".concat(g.size);return"in ".concat(m," v_").concat(p,";")}).join(`
`),c=Ur(n),h=tc(n,e),f=`#version 300 es
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
`).concat(a.map(function(g){return g.glsl}).join(`

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
`);return f}function bc(n,a){var e=new Set;return e.add("u_matrix"),e.add("u_sizeRatio"),e.add("u_correctionRatio"),e.add("u_cameraAngle"),e.add("u_pickingPadding"),e.add("u_nodeDataTexture"),e.add("u_nodeDataTextureWidth"),e.add("u_layerAttributeTexture"),e.add("u_layerAttributeTextureWidth"),e.add("u_layerAttributeTexelsPerNode"),n.forEach(function(t){t.uniforms.forEach(function(r){return e.add(r.name)})}),a.forEach(function(t){t.uniforms.forEach(function(r){return e.add(r.name)})}),Array.from(e)}function _c(n){var a=WebGL2RenderingContext,e=a.UNSIGNED_BYTE,t=a.FLOAT;return[{name:"a_nodeIndex",size:1,type:t},{name:"a_id",size:4,type:e,normalized:!0},{name:"a_opacity",size:1,type:t}]}function Lo(n){var a=n.shapes,e=n.layers,t=n.shapeGlobalIds,r=n.antialias,i=r===void 0?!0:r;return{vertexShader:mc(a,e),fragmentShader:yc(a,e,t,i),uniforms:bc(a,e),attributes:_c()}}function jo(n,a,e){var t=pn(n,a),r=t.specs;return Object.keys(r).map(function(i){return"flat ".concat(e," ").concat(r[i].size===1?"float":"vec".concat(r[i].size)," v_").concat(i,";")}).join(`
`)}function xc(n){var a,e,t=n.shapes,r=n.layers,i=n.shapeGlobalIds,o=hn(pn(t,r),{varPrefix:"nodeAttr",baseTexelExpr:"nodeIdx * u_layerAttributeTexelsPerNode",textureWidthUniform:"u_layerAttributeTextureWidth",textureSamplerUniform:"u_layerAttributeTexture"}),s=t.length===1?"float inradiusFactor = ".concat(Ee((a=t[0].inradiusFactor)!==null&&a!==void 0?a:1),";"):"float inradiusFactor = ".concat(Ee((e=t[0].inradiusFactor)!==null&&e!==void 0?e:1),`;
  switch (int(shapeId)) {
`).concat(t.map(function(u,d){var c,h=i?i[d]:d;return"    case ".concat(h,": inradiusFactor = ").concat(Ee((c=u.inradiusFactor)!==null&&c!==void 0?c:1),"; break;")}).join(`
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
`.concat(jo(t,r,"out"),`

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

  `).concat(Bo,`
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
`);return l}function Tc(n){var a=n.shapes,e=n.layers,t=n.shapeGlobalIds,r=Ur(a),i=On(a).map(function(h){return"uniform ".concat(h.type," ").concat(h.name,";")}).join(`
`),o=function(f){return Ga(f,"nodeUV","1.0")},s;if(a.length===1)s="float nodeSdfNormalized = ".concat(o(a[0]),";");else{var l=a.map(function(h,f){var g=t?t[f]:f;return"    case ".concat(g,": nodeSdfNormalized = ").concat(o(h),"; break;")}).join(`
`),u=o(a[0]);s=`float nodeSdfNormalized;
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
`.concat(jo(a,e,"in"),`

uniform float u_cameraAngle;
`).concat(i,`

layout(location = 0) out vec4 fragColor;
layout(location = 1) out vec4 fragPicking;

`).concat(r,`
`).concat(ac,`
`).concat(rc,`
`).concat(ic,`
`).concat(oc,`

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
`);return c}function Ec(n){var a=["u_matrix","u_sizeRatio","u_correctionRatio","u_cameraAngle","u_resolution","u_pixelRatio","u_labelMargin","u_zoomLabelSizeRatio","u_labelPixelSnapping","u_nodeDataTexture","u_nodeDataTextureWidth","u_nodeFrameTexture","u_nodeFrameTextureWidth","u_layerAttributeTexture","u_layerAttributeTextureWidth","u_layerAttributeTexelsPerNode"],e=U(On(n)),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;a.includes(r.name)||a.push(r.name)}}catch(i){e.e(i)}finally{e.f()}return a}function Sc(n){return{vertexShader:xc(n),fragmentShader:Tc(n),uniforms:Ec(n.shapes)}}function wc(n,a,e,t){var r,i,o=t.label,s=o===void 0?{}:o,l=t.shapes,u=t.layers,d=t.getAttributeTexture,c=t.shapeGlobalIds;if(l.length===0)throw new Error("createBackdropProgram: at least one shape must be provided in 'shapes'");var h=(r=s.margin)!==null&&r!==void 0?r:5,f=(i=s.zoomToLabelSizeRatioFunction)!==null&&i!==void 0?i:function(){return 1},g={shapes:l,layers:u,shapeGlobalIds:c},p=Sc(g),m=(function(v){function y(){var b;ne(this,y);for(var x=arguments.length,_=new Array(x),E=0;E<x;E++)_[E]=arguments[E];return b=me(this,y,[].concat(_)),R(b,"totalBackdropCount",0),R(b,"bufferCapacity",0),b}return ye(y,v),ae(y,[{key:"getDefinition",value:function(){var x=WebGL2RenderingContext,_=x.FLOAT,E=x.TRIANGLE_STRIP;return{VERTICES:4,VERTEX_SHADER_SOURCE:p.vertexShader,FRAGMENT_SHADER_SOURCE:p.fragmentShader,METHOD:E,UNIFORMS:p.uniforms,ATTRIBUTES:[{name:"a_nodeIndex",size:1,type:_},{name:"a_labelWidth",size:1,type:_},{name:"a_labelHeight",size:1,type:_},{name:"a_textHeight",size:1,type:_},{name:"a_positionMode",size:1,type:_},{name:"a_labelAngle",size:1,type:_},{name:"a_backdropColor",size:4,type:_},{name:"a_backdropShadowColor",size:4,type:_},{name:"a_backdropShadowBlur",size:1,type:_},{name:"a_backdropPadding",size:1,type:_},{name:"a_backdropBorderColor",size:4,type:_},{name:"a_backdropExtra",size:4,type:_},{name:"a_labelBoxOffset",size:2,type:_}],CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:_}],CONSTANT_DATA:[[-1,-1],[1,-1],[-1,1],[1,1]]}}},{key:"processBackdrop",value:function(x,_){var E=this.floats,w=this.STRIDE,A=x*w;E[A++]=_.nodeIndex,E[A++]=_.labelWidth,E[A++]=_.labelHeight,E[A++]=_.textHeight,E[A++]=fn[_.position],E[A++]=_.labelAngle,E[A++]=_.backdropColor[0],E[A++]=_.backdropColor[1],E[A++]=_.backdropColor[2],E[A++]=_.backdropColor[3],E[A++]=_.backdropShadowColor[0],E[A++]=_.backdropShadowColor[1],E[A++]=_.backdropShadowColor[2],E[A++]=_.backdropShadowColor[3],E[A++]=_.backdropShadowBlur,E[A++]=_.backdropPadding,E[A++]=_.backdropBorderColor[0],E[A++]=_.backdropBorderColor[1],E[A++]=_.backdropBorderColor[2],E[A++]=_.backdropBorderColor[3],E[A++]=_.backdropBorderWidth,E[A++]=_.backdropCornerRadius,E[A++]=_.backdropLabelPadding,E[A++]=_.backdropArea,E[A++]=_.labelBoxOffset[0],E[A++]=_.labelBoxOffset[1]}},{key:"setUniforms",value:function(x,_){var E=_.gl,w=_.uniformLocations;E.uniformMatrix3fv(w.u_matrix,!1,x.matrix),E.uniform1f(w.u_sizeRatio,x.sizeRatio),E.uniform1f(w.u_correctionRatio,x.correctionRatio),E.uniform1f(w.u_cameraAngle,x.cameraAngle),E.uniform2f(w.u_resolution,x.width*x.pixelRatio,x.height*x.pixelRatio),E.uniform1f(w.u_pixelRatio,x.pixelRatio),E.uniform1f(w.u_labelMargin,y.labelMargin),E.uniform1f(w.u_zoomLabelSizeRatio,1/f(x.zoomRatio)),E.uniform1f(w.u_labelPixelSnapping,x.labelPixelSnapping),E.uniform1i(w.u_nodeDataTexture,x.nodeDataTextureUnit),E.uniform1i(w.u_nodeDataTextureWidth,x.nodeDataTextureWidth),E.uniform1i(w.u_nodeFrameTexture,x.nodeFrameTextureUnit),E.uniform1i(w.u_nodeFrameTextureWidth,x.nodeFrameTextureWidth);var A=d();w.u_layerAttributeTexture&&A&&(A.bind(Et),E.uniform1i(w.u_layerAttributeTexture,Et),E.uniform1i(w.u_layerAttributeTextureWidth,A.getTextureWidth()),E.uniform1i(w.u_layerAttributeTexelsPerNode,A.getTexelsPerItem()));var S=U(On(l)),L;try{for(S.s();!(L=S.n()).done;){var G=L.value;this.setTypedUniform(G,_)}}catch(C){S.e(C)}finally{S.f()}}},{key:"hasNothingToRender",value:function(){return this.totalBackdropCount===0}},{key:"drawWebGL",value:function(x,_){var E=_.gl;this.totalBackdropCount!==0&&(this.isInstanced?E.drawArraysInstanced(x,0,this.VERTICES,this.totalBackdropCount):E.drawArrays(x,0,this.totalBackdropCount*this.VERTICES))}},{key:"reallocate",value:function(x){this.totalBackdropCount=x,x>this.bufferCapacity&&(this.bufferCapacity=Math.max(x,Math.ceil(this.bufferCapacity*1.5)||10),Re(y,"reallocate",this,3)([this.bufferCapacity]))}}])})(Bt);return R(m,"labelMargin",h),new m(n,a,e)}var qo=(function(n){function a(){var e;ne(this,a);for(var t=arguments.length,r=new Array(t),i=0;i<t;i++)r[i]=arguments[i];return e=me(this,a,[].concat(r)),R(e,"totalCharacterCount",0),R(e,"bufferCapacity",0),e}return ye(a,n),ae(a,[{key:"processLabel",value:function(t,r,i){if(i.hidden||!i.text)return 0;for(var o=i.text,s=o.length,l=0;l<s;l++){var u=o[l];this.processCharacter(r+l,i,u,l)}return s}},{key:"hasNothingToRender",value:function(){return this.totalCharacterCount===0}},{key:"drawWebGL",value:function(t,r){var i=r.gl;this.totalCharacterCount!==0&&(this.isInstanced?i.drawArraysInstanced(t,0,this.VERTICES,this.totalCharacterCount):i.drawArrays(t,0,this.totalCharacterCount*this.VERTICES))}},{key:"reallocate",value:function(t){this.totalCharacterCount=t,t>this.bufferCapacity&&(this.bufferCapacity=Math.max(t,Math.ceil(this.bufferCapacity*1.5)||1e3),Re(a,"reallocate",this,3)([this.bufferCapacity]))}}])})(Bt);function Ac(){var n=`#version 300 es

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
`).concat(Ho,`

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

  `).concat(Bo,`

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
`);return n}var Rc=`#version 300 es
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
`;function Dc(n,a,e,t){var r,i,o=t.label,s=o===void 0?{}:o,l=(r=s.margin)!==null&&r!==void 0?r:gn,u=(i=s.zoomToLabelSizeRatioFunction)!==null&&i!==void 0?i:function(){return 1},d=Ac(),c=(function(h){function f(){var g;ne(this,f);for(var p=arguments.length,m=new Array(p),v=0;v<p;v++)m[v]=arguments[v];return g=me(this,f,[].concat(m)),R(g,"totalCount",0),R(g,"bufferCapacity",0),g}return ye(f,h),ae(f,[{key:"getDefinition",value:function(){var p=WebGL2RenderingContext,m=p.FLOAT,v=p.UNSIGNED_BYTE,y=p.TRIANGLE_STRIP;return{VERTICES:4,VERTEX_SHADER_SOURCE:d,FRAGMENT_SHADER_SOURCE:Rc,METHOD:y,UNIFORMS:["u_matrix","u_sizeRatio","u_correctionRatio","u_cameraAngle","u_resolution","u_pixelRatio","u_labelMargin","u_zoomLabelSizeRatio","u_labelPixelSnapping","u_pickingPadding","u_nodeDataTexture","u_nodeDataTextureWidth","u_nodeFrameTexture","u_nodeFrameTextureWidth"],ATTRIBUTES:[{name:"a_nodeIndex",size:1,type:m},{name:"a_id",size:4,type:v,normalized:!0},{name:"a_color",size:4,type:v,normalized:!0},{name:"a_labelWidth",size:1,type:m},{name:"a_labelHeight",size:1,type:m},{name:"a_textHeight",size:1,type:m},{name:"a_positionMode",size:1,type:m},{name:"a_labelAngle",size:1,type:m},{name:"a_padding",size:1,type:m}],CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:m}],CONSTANT_DATA:[[-1,-1],[1,-1],[-1,1],[1,1]]}}},{key:"processLabelBackground",value:function(p,m){var v=this.floats,y=this.ints,b=p*this.STRIDE;v[b++]=m.nodeIndex,y[b++]=m.id,v[b++]=m.color,v[b++]=m.labelWidth,v[b++]=m.labelHeight,v[b++]=m.textHeight,v[b++]=m.positionMode,v[b++]=m.labelAngle,v[b++]=m.padding}},{key:"setUniforms",value:function(p,m){var v=m.gl,y=m.uniformLocations;v.uniformMatrix3fv(y.u_matrix,!1,p.matrix),v.uniform1f(y.u_sizeRatio,p.sizeRatio),v.uniform1f(y.u_correctionRatio,p.correctionRatio),v.uniform1f(y.u_cameraAngle,p.cameraAngle),v.uniform2f(y.u_resolution,p.width*p.pixelRatio,p.height*p.pixelRatio),v.uniform1f(y.u_pixelRatio,p.pixelRatio),v.uniform1f(y.u_labelMargin,f.labelMargin),v.uniform1f(y.u_zoomLabelSizeRatio,1/u(p.zoomRatio)),v.uniform1f(y.u_labelPixelSnapping,p.labelPixelSnapping),v.uniform1f(y.u_pickingPadding,p.labelPickingPadding),v.uniform1i(y.u_nodeDataTexture,p.nodeDataTextureUnit),v.uniform1i(y.u_nodeDataTextureWidth,p.nodeDataTextureWidth),v.uniform1i(y.u_nodeFrameTexture,p.nodeFrameTextureUnit),v.uniform1i(y.u_nodeFrameTextureWidth,p.nodeFrameTextureWidth)}},{key:"hasNothingToRender",value:function(){return this.totalCount===0}},{key:"drawWebGL",value:function(p,m){var v=m.gl;this.totalCount!==0&&v.drawArraysInstanced(v.TRIANGLE_STRIP,0,this.VERTICES,this.totalCount)}},{key:"reallocate",value:function(p){this.totalCount=p,p>this.bufferCapacity&&(this.bufferCapacity=Math.max(p,Math.ceil(this.bufferCapacity*1.5)||10),Re(f,"reallocate",this,3)([this.bufferCapacity]))}}])})(Bt);return R(c,"labelMargin",l),new c(n,a,e)}var it={fontSize:64,buffer:8,radius:24,cutoff:.25,maxTextureSize:2048,debounceTimeout:100},Fn=2,zn=1e20;function Lc(n,a,e,t,r){var i=n+r*4,o=document.createElement("canvas");o.width=i,o.height=i;var s=o.getContext("2d",{willReadFrequently:!0});return s.font="".concat(t," ").concat(e," ").concat(n,"px ").concat(a),s.textBaseline="alphabetic",s.textAlign="left",s.fillStyle="black",{ctx:s,canvasSize:i,gridOuter:new Float64Array(i*i),gridInner:new Float64Array(i*i),f:new Float64Array(i),z:new Float64Array(i+1),v:new Uint16Array(i)}}function Cc(n,a,e,t,r){var i=n.ctx,o=n.canvasSize,s=i.measureText(a),l=s.width,u=s.actualBoundingBoxAscent,d=s.actualBoundingBoxDescent,c=s.actualBoundingBoxLeft,h=s.actualBoundingBoxRight,f=Math.ceil(u),g=Math.ceil(c),p=Math.max(0,Math.min(o-e,Math.ceil(c)+Math.ceil(h))),m=Math.min(o-e,f+Math.ceil(d)),v=p+2*e,y=m+2*e,b=Math.max(v*y,0),x=new Uint8ClampedArray(b),_={data:x,width:v,height:y,glyphWidth:p,glyphHeight:m,glyphTop:f,glyphLeft:g,glyphAdvance:l};if(p===0||m===0)return _;var E=n.gridInner,w=n.gridOuter;i.clearRect(e,e,p,m),i.fillText(a,e+g,e+f);var A=i.getImageData(e,e,p,m);w.fill(zn,0,b),E.fill(0,0,b);for(var S=0;S<m;S++)for(var L=0;L<p;L++){var G=A.data[4*(S*p+L)+3]/255;if(G!==0){var C=(S+e)*v+L+e;if(G===1)w[C]=0,E[C]=zn;else{var N=.5-G;w[C]=N>0?N*N:0,E[C]=N<0?N*N:0}}}Co(w,0,0,v,y,v,n.f,n.v,n.z),Co(E,e,e,p,m,v,n.f,n.v,n.z);for(var k=0;k<b;k++){var I=Math.sqrt(w[k])-Math.sqrt(E[k]);x[k]=Math.round(255-255*(I/t+r))}return _}function Co(n,a,e,t,r,i,o,s,l){for(var u=a;u<a+t;u++)ko(n,e*i+u,i,r,o,s,l);for(var d=e;d<e+r;d++)ko(n,d*i+a,1,t,o,s,l)}function ko(n,a,e,t,r,i,o){i[0]=0,o[0]=-zn,o[1]=zn,r[0]=n[a];for(var s=1,l=0,u=0;s<t;s++){r[s]=n[a+s*e];var d=s*s;do{var c=i[l];u=(r[s]-r[c]+d-c*c)/(s-c)/2}while(u<=o[l]&&--l>-1);l++,i[l]=s,o[l]=u,o[l+1]=zn}for(var h=0,f=0;h<t;h++){for(;o[f+1]<h;)f++;var g=i[f],p=h-g;n[a+h*e]=r[g]+p*p}}var Ot=(function(n){function a(){var e,t=arguments.length>0&&arguments[0]!==void 0?arguments[0]:{};return ne(this,a),e=me(this,a),R(e,"fonts",new Map),R(e,"textures",[]),R(e,"cursor",{x:0,y:0,rowHeight:0,atlasIndex:0}),R(e,"pendingGlyphs",[]),R(e,"debounceTimer",null),e.options=$($({},it),t),e.canvas=document.createElement("canvas"),e.canvas.width=e.options.maxTextureSize,e.canvas.height=e.options.maxTextureSize,e.ctx=e.canvas.getContext("2d",{willReadFrequently:!0}),e.measureCanvas=document.createElement("canvas"),e.measureCtx=e.measureCanvas.getContext("2d"),e.textures.push(e.ctx.getImageData(0,0,1,1)),e}return ye(a,n),ae(a,[{key:"getFontKey",value:function(t){return"".concat(t.family,"-").concat(t.weight,"-").concat(t.style)}},{key:"registerFont",value:function(t){var r=this.getFontKey(t);if(this.fonts.has(r))return r;var i=Lc(this.options.fontSize,t.family,t.weight,t.style,this.options.buffer);return this.fonts.set(r,{descriptor:t,generator:i,glyphs:new Map}),r}},{key:"ensureGlyphs",value:function(t,r){var i=this.fonts.get(r);if(!i)throw new Error('Font "'.concat(r,'" is not registered. Call registerFont() first.'));var o=!1,s=U(t),l;try{for(s.s();!(l=s.n()).done;){var u=l.value,d=u.codePointAt(0);d!==void 0&&(i.glyphs.has(d)||(this.pendingGlyphs.push({fontKey:r,charCode:d}),o=!0))}}catch(c){s.e(c)}finally{s.f()}o&&this.scheduleTextureGeneration()}},{key:"measureText",value:function(t,r){var i=this.fonts.get(r);if(!i)throw new Error('Font "'.concat(r,'" is not registered.'));var o=i.descriptor,s=o.family,l=o.weight,u=o.style;return this.measureCtx.font="".concat(u," ").concat(l," ").concat(this.options.fontSize,"px ").concat(s),this.measureCtx.measureText(t).width}},{key:"getGlyph",value:function(t,r){var i=this.fonts.get(r);if(i)return i.glyphs.get(t)}},{key:"getTextures",value:function(){return this.textures}},{key:"getFontCount",value:function(){return this.fonts.size}},{key:"getGlyphCount",value:function(){var t=0,r=U(this.fonts.values()),i;try{for(r.s();!(i=r.n()).done;){var o=i.value;t+=o.glyphs.size}}catch(s){r.e(s)}finally{r.f()}return t}},{key:"hasPendingGlyphs",value:function(){return this.pendingGlyphs.length>0}},{key:"flush",value:function(){this.debounceTimer&&(clearTimeout(this.debounceTimer),this.debounceTimer=null),this.generateTextures()}},{key:"destroy",value:function(){this.debounceTimer&&clearTimeout(this.debounceTimer),this.fonts.clear(),this.textures=[],this.pendingGlyphs=[],this.removeAllListeners()}},{key:"scheduleTextureGeneration",value:function(){var t=this;this.debounceTimer===null&&(this.options.debounceTimeout===null?this.generateTextures():this.debounceTimer=setTimeout(function(){t.debounceTimer=null,t.generateTextures()},this.options.debounceTimeout))}},{key:"generateTextures",value:function(){if(this.pendingGlyphs.length!==0){var t=this.options,r=t.maxTextureSize,i=t.buffer,o=t.radius,s=t.cutoff,l=U(this.pendingGlyphs),u;try{for(l.s();!(u=l.n()).done;){var d=u.value,c=d.fontKey,h=d.charCode,f=this.fonts.get(c);if(!(!f||f.glyphs.has(h))){var g=String.fromCodePoint(h),p=Cc(f.generator,g,i,o,s),m=p.width,v=p.height;this.cursor.x+m+Fn>r&&(this.cursor.x=0,this.cursor.y+=this.cursor.rowHeight+Fn,this.cursor.rowHeight=0),this.cursor.y+v+Fn>r&&(this.finalizeCurrentTexture(),this.cursor={x:0,y:0,rowHeight:0,atlasIndex:this.cursor.atlasIndex+1},this.ctx.clearRect(0,0,r,r));for(var y=p.data,b=new Uint8ClampedArray(m*v*4),x=0;x<y.length;x++){var _=x*4;b[_]=255,b[_+1]=255,b[_+2]=255,b[_+3]=y[x]}var E=new ImageData(b,m,v);this.ctx.putImageData(E,this.cursor.x,this.cursor.y);var w={charCode:h,width:p.glyphWidth,height:p.glyphHeight,bearingX:-p.glyphLeft-i,bearingY:p.glyphTop+i,advance:p.glyphAdvance,atlasX:this.cursor.x,atlasY:this.cursor.y,atlasWidth:m,atlasHeight:v,atlasIndex:this.cursor.atlasIndex};f.glyphs.set(h,w),this.cursor.x+=m+Fn,this.cursor.rowHeight=Math.max(this.cursor.rowHeight,v)}}}catch(A){l.e(A)}finally{l.f()}this.finalizeCurrentTexture(),this.pendingGlyphs=[],this.emit(a.ATLAS_UPDATED_EVENT,{textures:this.textures,glyphCount:this.getGlyphCount()})}}},{key:"finalizeCurrentTexture",value:function(){var t=this.options.maxTextureSize,r=this.cursor.y>0||this.cursor.rowHeight>0,i=Math.min(t,Math.max(this.cursor.x,r?t:1)),o=Math.min(t,this.cursor.y+this.cursor.rowHeight+Fn),s=this.ctx.getImageData(0,0,i,o);this.cursor.atlasIndex>=this.textures.length?this.textures.push(s):this.textures[this.cursor.atlasIndex]=s}}])})(zo.EventEmitter);R(Ot,"ATLAS_UPDATED_EVENT","atlasUpdated");var kc=it.fontSize;function Pc(){var n=`  // -------------------------------------------------------------------------
  // Step 3: Calculate position offset from the shared edge distance
  // -------------------------------------------------------------------------
  vec2 positionOffset = vec2(0.0);

  if (a_positionMode < 4.0) {
    vec2 screenDir = getLabelDirection(a_positionMode);
    float boundaryDistPixels = nodeRadiusPixels * edgeDist;
    positionOffset = screenDir * (boundaryDistPixels + margin);
  }`,a=`#version 300 es

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
const float ATLAS_FONT_SIZE = `.concat(Ee(kc),`;

// ============================================================================
// Helper Functions
// ============================================================================

`).concat(gt,`
`).concat(Mt,`
`).concat(vn,`
`).concat(Uo,`

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

`).concat(n,`

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
`);return a}function Ic(){var n=`#version 300 es
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
`;return n}function Fc(){return["u_matrix","u_sizeRatio","u_correctionRatio","u_cameraAngle","u_resolution","u_atlasSize","u_atlas","u_gamma","u_sdfBuffer","u_pixelRatio","u_nodeDataTexture","u_nodeDataTextureWidth","u_nodeFrameTexture","u_nodeFrameTextureWidth","u_zoomLabelSizeRatio","u_labelPixelSnapping"]}function Gc(){return{vertexShader:Pc(),fragmentShader:Ic(),uniforms:Fc()}}function zc(n,a,e,t){var r,i,o=t.label,s=o===void 0?{}:o,l=(r=s.margin)!==null&&r!==void 0?r:gn,u=(i=s.zoomToLabelSizeRatioFunction)!==null&&i!==void 0?i:function(){return 1},d=Gc(),c=(function(h){function f(g,p,m){var v,y,b,x;if(ne(this,f),x=me(this,f,[g,p,m]),R(x,"atlasTexture",null),R(x,"atlasNeedsUpdate",!1),R(x,"labelGlyphCache",new Map),x.atlasFontSize=it.fontSize*In(),x.atlasManager=new Ot({fontSize:x.atlasFontSize}),x.gamma=.025,x.sdfBuffer=it.cutoff,x.atlasTexture=g.createTexture(),!x.atlasTexture)throw new Error("NodeLabelProgram: failed to create atlas texture");g.bindTexture(g.TEXTURE_2D,x.atlasTexture),g.texParameteri(g.TEXTURE_2D,g.TEXTURE_WRAP_S,g.CLAMP_TO_EDGE),g.texParameteri(g.TEXTURE_2D,g.TEXTURE_WRAP_T,g.CLAMP_TO_EDGE),g.texParameteri(g.TEXTURE_2D,g.TEXTURE_MIN_FILTER,g.LINEAR),g.texParameteri(g.TEXTURE_2D,g.TEXTURE_MAG_FILTER,g.LINEAR),g.bindTexture(g.TEXTURE_2D,null),x.atlasManager.on(Ot.ATLAS_UPDATED_EVENT,function(){x.atlasNeedsUpdate=!0});var _={family:((v=s.font)===null||v===void 0?void 0:v.family)||"sans-serif",weight:((y=s.font)===null||y===void 0?void 0:y.weight)||"normal",style:((b=s.font)===null||b===void 0?void 0:b.style)||"normal"};return x.defaultFontKey=x.atlasManager.registerFont(_),x}return ye(f,h),ae(f,[{key:"getDefinition",value:function(){var p=WebGL2RenderingContext,m=p.FLOAT,v=p.UNSIGNED_BYTE,y=p.TRIANGLE_STRIP;return{VERTICES:4,VERTEX_SHADER_SOURCE:d.vertexShader,FRAGMENT_SHADER_SOURCE:d.fragmentShader,METHOD:y,UNIFORMS:d.uniforms,ATTRIBUTES:[{name:"a_nodeIndex",size:1,type:m},{name:"a_charOffset",size:2,type:m},{name:"a_charSize",size:2,type:m},{name:"a_texCoords",size:4,type:m},{name:"a_color",size:4,type:v,normalized:!0},{name:"a_margin",size:1,type:m},{name:"a_positionMode",size:1,type:m},{name:"a_labelWidth",size:1,type:m},{name:"a_labelHeight",size:1,type:m},{name:"a_verticalCenter",size:1,type:m},{name:"a_textHeight",size:1,type:m},{name:"a_labelAngle",size:1,type:m}],CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:m}],CONSTANT_DATA:[[-1,-1],[1,-1],[-1,1],[1,1]]}}},{key:"prepareLabelGlyphs",value:function(p,m){if(m.hidden||!m.text){this.labelGlyphCache.delete(p);return}var v=m.text,y=m.fontKey||this.defaultFontKey;this.atlasManager.ensureGlyphs(v,y);var b=[],x=[],_=0,E=0,w=0,A=U(v),S;try{for(A.s();!(S=A.n()).done;){var L=S.value,G=L.codePointAt(0);if(G===void 0){b.push(void 0),x.push(_);continue}var C=this.atlasManager.getGlyph(G,y);b.push(C),x.push(_),C&&(_+=C.advance,E=Math.max(E,C.bearingY),w=Math.max(w,C.atlasHeight-C.bearingY))}}catch(N){A.e(N)}finally{A.f()}this.labelGlyphCache.set(p,{glyphs:b,xOffsets:x,totalWidth:_,totalHeight:E+w,verticalCenterOffset:(E-w)/2})}},{key:"processCharacter",value:function(p,m,v,y){var b=this.floats,x=this.STRIDE,_=p*x,E=this.labelGlyphCache.get(m.parentKey);if(!E||!E.glyphs[y]){for(var w=0;w<x;w++)b[_+w]=0;return}var A=E.glyphs[y],S=E.xOffsets[y],L=m.size/this.atlasFontSize,G=je(m.color),C=_;b[C++]=m.nodeIndex,b[C++]=(S+A.bearingX)*L,b[C++]=-A.bearingY*L,b[C++]=A.atlasWidth*L,b[C++]=A.atlasHeight*L,b[C++]=A.atlasX,b[C++]=A.atlasY,b[C++]=A.atlasWidth,b[C++]=A.atlasHeight,b[C++]=G,b[C++]=m.margin,b[C++]=fn[m.position],b[C++]=E.totalWidth*L,b[C++]=m.size,b[C++]=E.verticalCenterOffset*L,b[C++]=E.totalHeight*L,b[C++]=m.labelAngle}},{key:"processLabel",value:function(p,m,v){return this.prepareLabelGlyphs(p,v),Re(f,"processLabel",this,3)([p,m,v])}},{key:"updateAtlasTexture",value:function(){if(this.atlasNeedsUpdate){var p=this.normalProgram.gl,m=this.atlasManager.getTextures();if(m.length!==0){var v=m[0];p.bindTexture(p.TEXTURE_2D,this.atlasTexture),p.texImage2D(p.TEXTURE_2D,0,p.RGBA,v.width,v.height,0,p.RGBA,p.UNSIGNED_BYTE,v.data),p.bindTexture(p.TEXTURE_2D,null),this.atlasNeedsUpdate=!1}}}},{key:"setUniforms",value:function(p,m){var v=m.gl,y=m.uniformLocations;v.uniformMatrix3fv(y.u_matrix,!1,p.matrix),v.uniform1f(y.u_sizeRatio,p.sizeRatio),v.uniform1f(y.u_correctionRatio,p.correctionRatio),v.uniform1f(y.u_cameraAngle,p.cameraAngle),v.uniform2f(y.u_resolution,p.width*p.pixelRatio,p.height*p.pixelRatio);var b=this.atlasManager.getTextures();b.length>0?v.uniform2f(y.u_atlasSize,b[0].width,b[0].height):v.uniform2f(y.u_atlasSize,1,1),v.activeTexture(v.TEXTURE0),v.bindTexture(v.TEXTURE_2D,this.atlasTexture),v.uniform1i(y.u_atlas,0),y.u_nodeDataTexture!==void 0&&v.uniform1i(y.u_nodeDataTexture,p.nodeDataTextureUnit),y.u_nodeDataTextureWidth!==void 0&&v.uniform1i(y.u_nodeDataTextureWidth,p.nodeDataTextureWidth),v.uniform1i(y.u_nodeFrameTexture,p.nodeFrameTextureUnit),v.uniform1i(y.u_nodeFrameTextureWidth,p.nodeFrameTextureWidth),v.uniform1f(y.u_gamma,this.gamma),v.uniform1f(y.u_sdfBuffer,this.sdfBuffer),v.uniform1f(y.u_pixelRatio,p.pixelRatio),v.uniform1f(y.u_zoomLabelSizeRatio,1/f.zoomToLabelSizeRatioFunction(p.zoomRatio)),v.uniform1f(y.u_labelPixelSnapping,p.labelPixelSnapping)}},{key:"renderProgram",value:function(p,m){this.updateAtlasTexture(),this.atlasManager.hasPendingGlyphs()&&(this.atlasManager.flush(),this.updateAtlasTexture()),Re(f,"renderProgram",this,3)([p,m])}},{key:"registerFont",value:function(p){var m=arguments.length>1&&arguments[1]!==void 0?arguments[1]:"normal",v=arguments.length>2&&arguments[2]!==void 0?arguments[2]:"normal";return this.atlasManager.registerFont({family:p,weight:m,style:v})}},{key:"getAtlasManager",value:function(){return this.atlasManager}},{key:"measureLabel",value:function(p,m,v){var y=v||this.defaultFontKey;this.atlasManager.ensureGlyphs(p,y),this.atlasManager.hasPendingGlyphs()&&this.atlasManager.flush();var b=0,x=0,_=0,E=U(p),w;try{for(E.s();!(w=E.n()).done;){var A=w.value,S=A.codePointAt(0);if(S!==void 0){var L=this.atlasManager.getGlyph(S,y);L&&(b+=L.advance,x=Math.max(x,L.bearingY),_=Math.max(_,L.atlasHeight-L.bearingY))}}}catch(C){E.e(C)}finally{E.f()}var G=m/this.atlasFontSize;return{width:b*G,height:m,textHeight:(x+_)*G}}},{key:"ensureGlyphsReady",value:function(p,m){var v=m||this.defaultFontKey,y=U(p),b;try{for(y.s();!(b=y.n()).done;){var x=b.value;this.atlasManager.ensureGlyphs(x,v)}}catch(_){y.e(_)}finally{y.f()}this.atlasManager.flush()}},{key:"kill",value:function(){var p=this.normalProgram.gl;this.atlasTexture&&(p.deleteTexture(this.atlasTexture),this.atlasTexture=null),this.atlasManager.destroy(),this.labelGlyphCache.clear(),Re(f,"kill",this,3)([])}}])})(qo);return R(c,"labelMargin",l),R(c,"zoomToLabelSizeRatioFunction",u),new c(n,a,e)}var Nc=`#version 300 es
precision highp float;

in float v_edgeDist;

// R32F target: only the .r channel is stored.
out vec4 fragColor;

void main() {
  fragColor = vec4(v_edgeDist, 0.0, 0.0, 0.0);
}
`;function Wc(n,a,e){var t=Ur(n),r=On(n).map(function(g){return"uniform ".concat(g.type," ").concat(g.name,";")}).join(`
`),i=lc(n,e),o=i.code,s=i.multiShape,l=pn(n,a),u=Object.keys(l.specs).map(function(g){return"float v_".concat(g,";")}).join(`
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
`).concat(Uo,`

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
`);return f}var Xo=(function(){function n(a,e){ne(this,n),R(this,"uniformLocations",{});var t=e.shapes,r=e.layers,i=e.shapeGlobalIds;if(t.length===0)throw new Error("NodeLabelFramePass: at least one shape must be provided");this.gl=a,this.shapeUniforms=On(t),this.hasAttributeData=Object.keys(pn(t,r).offsets).length>0,this.vertexShader=Or(a,Wc(t,r,i)),this.fragmentShader=Mr(a,Nc),this.program=Br(a,[this.vertexShader,this.fragmentShader]);var o=["u_cameraAngle","u_nodeDataTexture","u_nodeDataTextureWidth","u_frameTextureWidth","u_frameTextureHeight","u_layerAttributeTexture","u_layerAttributeTextureWidth","u_layerAttributeTexelsPerNode"].concat(Q(this.shapeUniforms.map(function(v){return v.name}))),s=U(o),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;this.uniformLocations[u]=a.getUniformLocation(this.program,u)}}catch(v){s.e(v)}finally{s.f()}var d=n.FLOATS_PER_POINT*4;this.vao=a.createVertexArray(),this.buffer=a.createBuffer(),a.bindVertexArray(this.vao),a.bindBuffer(a.ARRAY_BUFFER,this.buffer);var c=U([["a_nodeIndex",0],["a_positionMode",4],["a_labelAngle",8]]),h;try{for(c.s();!(h=c.n()).done;){var f=oe(h.value,2),g=f[0],p=f[1],m=a.getAttribLocation(this.program,g);m>=0&&(a.enableVertexAttribArray(m),a.vertexAttribPointer(m,1,a.FLOAT,!1,d,p))}}catch(v){c.e(v)}finally{c.f()}a.bindVertexArray(null)}return ae(n,[{key:"run",value:function(e,t,r,i,o){if(t!==0){var s=this.gl;s.useProgram(this.program),s.bindVertexArray(this.vao),s.bindBuffer(s.ARRAY_BUFFER,this.buffer),s.bufferData(s.ARRAY_BUFFER,e.subarray(0,t*n.FLOATS_PER_POINT),s.DYNAMIC_DRAW);var l=this.uniformLocations;s.uniform1f(l.u_cameraAngle,i.cameraAngle),s.uniform1i(l.u_nodeDataTexture,i.nodeDataTextureUnit),s.uniform1i(l.u_nodeDataTextureWidth,i.nodeDataTextureWidth),s.uniform1f(l.u_frameTextureWidth,r.getTextureWidth()),s.uniform1f(l.u_frameTextureHeight,r.getTextureHeight()),this.hasAttributeData&&o&&(o.bind(Et),l.u_layerAttributeTexture&&s.uniform1i(l.u_layerAttributeTexture,Et),l.u_layerAttributeTextureWidth&&s.uniform1i(l.u_layerAttributeTextureWidth,o.getTextureWidth()),l.u_layerAttributeTexelsPerNode&&s.uniform1i(l.u_layerAttributeTexelsPerNode,o.getTexelsPerItem()));var u=U(this.shapeUniforms),d;try{for(u.s();!(d=u.n()).done;){var c=d.value;Vr(s,this.uniformLocations[c.name],c)}}catch(h){u.e(h)}finally{u.f()}r.bindAsRenderTarget(),s.disable(s.BLEND),s.disable(s.DEPTH_TEST),s.drawArrays(s.POINTS,0,t),s.bindFramebuffer(s.FRAMEBUFFER,null),s.bindVertexArray(null)}}},{key:"kill",value:function(){var e=this.gl;e.deleteProgram(this.program),e.deleteShader(this.vertexShader),e.deleteShader(this.fragmentShader),e.deleteBuffer(this.buffer),e.deleteVertexArray(this.vao)}}])})();R(Xo,"FLOATS_PER_POINT",3);function Yo(n,a,e,t,r){var i,o=t.label,s=o===void 0?{}:o,l=t.shapes;if(l.length===0)throw new Error("createNodeProgram: at least one shape must be provided in 'shapes'");var u={},d=[],c;l.forEach(function(w,A){var S=Qd(w);A===0&&(c=S),u[w.name]=A,d[A]=Wn(S)});var h=Q(t.layers),f=Lo({shapes:l,layers:h,shapeGlobalIds:l.length>1?d:void 0,antialias:r}),g=zc(n,null,e,{label:s}),p=wc(n,null,e,{shapes:l,layers:h,getAttributeTexture:function(){return E.getAttributeTexture()},label:s,shapeGlobalIds:l.length>1?d:void 0}),m=Dc(n,a,e,{label:s}),v=t.labelAttachments&&Object.keys(t.labelAttachments).length>0?pc(n,null,e,{label:s}):null,y=new Xo(n,{shapes:l,layers:h,shapeGlobalIds:l.length>1?d:void 0}),b=Ma(l,h),x=Xe(b),_=(i=(function(w){function A(S,L,G){var C;ne(this,A),C=me(this,A,[S,L,G]),R(C,"layerLifecycles",new Map),R(C,"layersNeedingRegeneration",new Set),R(C,"attrDescriptors",[]),C._pickingBuffer=L;var N=_.layerTextures.get(S);N||(N=new Na(S,x),_.layerTextures.set(S,N)),C.layerAttributeTexture=N;var k=_.textureRefCounts.get(S)||0;_.textureRefCounts.set(S,k+1),C.packedAttributeData=new Float32Array(x.floatsPerItem),h.forEach(function(W,P){if(W.lifecycle){var T={gl:S,renderer:{refresh:function(){return G.refresh()}},getUniformLocation:function(z){return S.getUniformLocation(C.normalProgram.program,z)},requestShaderRegeneration:function(){C.layersNeedingRegeneration.add(P)},requestRefresh:function(){G.refresh()}},F=W.lifecycle(T);C.layerLifecycles.set(P,F)}}),C.layerLifecycles.forEach(function(W){var P;(P=W.init)===null||P===void 0||P.call(W)});var I=new Map;return C.layerLifecycles.forEach(function(W,P){W.getAttributeData&&I.set(P,W)}),C.attrDescriptors=Wa(b,x,I),C}return ye(A,w),ae(A,[{key:"getDefinition",value:function(){var L=WebGL2RenderingContext,G=L.FLOAT,C=L.TRIANGLE_STRIP;return{VERTICES:4,VERTEX_SHADER_SOURCE:f.vertexShader,FRAGMENT_SHADER_SOURCE:f.fragmentShader,METHOD:C,UNIFORMS:f.uniforms,ATTRIBUTES:f.attributes,CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:G}],CONSTANT_DATA:[[-1,-1],[1,-1],[-1,1],[1,1]]}}},{key:"maybeRegenerateShaders",value:function(){var L=this;if(this.layersNeedingRegeneration.size!==0){h=h.map(function(P,T){if(L.layersNeedingRegeneration.has(T)){var F=L.layerLifecycles.get(T);if(F!=null&&F.regenerate){var M=F.regenerate();return $($({},M),{},{lifecycle:P.lifecycle})}}return P}),this.layersNeedingRegeneration.clear(),f=Lo({shapes:l,layers:h,shapeGlobalIds:l.length>1?d:void 0,antialias:this.renderer.getSetting("antialiasNodes")});var G=this.normalProgram.gl,C=this.normalProgram,N=C.program,k=C.buffer,I=C.vertexShader,W=C.fragmentShader;G.deleteProgram(N),G.deleteBuffer(k),G.deleteShader(I),G.deleteShader(W),this.normalProgram=this.getProgramInfo("normal",G,f.vertexShader,f.fragmentShader,this._pickingBuffer)}}},{key:"allocateNode",value:function(L){this.layerAttributeTexture.allocate(L)}},{key:"freeNode",value:function(L){this.layerAttributeTexture.free(L)}},{key:"getAttributeTexture",value:function(){return this.layerAttributeTexture}},{key:"uploadLayerTexture",value:function(){this.layerAttributeTexture.upload()}},{key:"process",value:function(L,G,C,N,k){var I=G*this.STRIDE;if(C.visibility==="hidden"){for(var W=I+this.STRIDE;I<W;I++)this.floats[I]=0;this.floats[G*this.STRIDE]=$o;return}this.processVisibleItem(on(L),I,C,N,k)}},{key:"processVisibleItem",value:function(L,G,C,N,k){var I,W=this.floats,P=this.ints;if(W[G++]=N,P[G++]=L,W[G++]=(I=C.opacity)!==null&&I!==void 0?I:1,x.floatsPerItem!==0){var T=this.packedAttributeData;Oa(this.attrDescriptors,C,T,C.color,this.layerLifecycles,0),this.layerAttributeTexture.updateAllAttributes(k,T)}}},{key:"setUniforms",value:function(L,G){var C=this,N=G.gl,k=G.uniformLocations;k.u_matrix&&N.uniformMatrix3fv(k.u_matrix,!1,L.matrix),k.u_sizeRatio&&N.uniform1f(k.u_sizeRatio,L.sizeRatio),k.u_correctionRatio&&N.uniform1f(k.u_correctionRatio,L.correctionRatio),k.u_pickingPadding&&N.uniform1f(k.u_pickingPadding,L.nodePickingPadding),k.u_cameraAngle&&N.uniform1f(k.u_cameraAngle,L.cameraAngle),k.u_nodeDataTexture&&N.uniform1i(k.u_nodeDataTexture,L.nodeDataTextureUnit),k.u_nodeDataTextureWidth&&N.uniform1i(k.u_nodeDataTextureWidth,L.nodeDataTextureWidth),k.u_layerAttributeTexture&&(this.layerAttributeTexture.bind(Et),N.uniform1i(k.u_layerAttributeTexture,Et)),k.u_layerAttributeTextureWidth&&N.uniform1i(k.u_layerAttributeTextureWidth,this.layerAttributeTexture.getTextureWidth()),k.u_layerAttributeTexelsPerNode&&N.uniform1i(k.u_layerAttributeTexelsPerNode,this.layerAttributeTexture.getTexelsPerItem()),l.forEach(function(I){I.uniforms.forEach(function(W){C.setTypedUniform(W,G)})}),h.forEach(function(I){I.uniforms.forEach(function(W){C.setTypedUniform(W,G)})})}},{key:"render",value:function(L,G,C){this.maybeRegenerateShaders(),Re(A,"render",this,3)([L,G,C])}},{key:"renderProgram",value:function(L,G){var C=G.gl,N=G.program;C.useProgram(N),G===this.normalProgram&&this.layerLifecycles.forEach(function(k){var I;(I=k.beforeRender)===null||I===void 0||I.call(k)}),Re(A,"renderProgram",this,3)([L,G])}},{key:"kill",value:function(){this.layerLifecycles.forEach(function(C){var N;(N=C.kill)===null||N===void 0||N.call(C)}),this.layerLifecycles.clear();var L=this.normalProgram.gl,G=(_.textureRefCounts.get(L)||1)-1;G<=0?(this.layerAttributeTexture.kill(),_.layerTextures.delete(L),_.textureRefCounts.delete(L)):_.textureRefCounts.set(L,G),Re(A,"kill",this,3)([])}}])})(Bt),R(i,"layerTextures",new WeakMap),R(i,"textureRefCounts",new WeakMap),i),E=new _(n,null,e);return{nodeProgram:E,labelProgram:g,backdropProgram:p,labelBackgroundProgram:m,attachmentProgram:v,framePass:y,shapeSlug:c,shapeNameToIndex:l.length>1?u:void 0,shapeGlobalIds:l.length>1?d:void 0}}var St=6;function Bn(n){var a=n.offsets,e=n.specs,t=n.floatsPerItem,r=Object.keys(a);if(r.length===0||t===0)return{uniformDeclarations:"",uniformNames:[],vertexVaryingDeclarations:"",fragmentVaryingDeclarations:"",fetchCode:"",varyingAssignments:""};var i=`
uniform sampler2D u_edgeAttributeTexture;
uniform int u_edgeAttributeTextureWidth;
uniform int u_edgeAttributeTexelsPerEdge;`,o=["u_edgeAttributeTexture","u_edgeAttributeTextureWidth","u_edgeAttributeTexelsPerEdge"],s=r.map(function(f){var g=e[f].size===1?"float":"vec".concat(e[f].size);return"".concat(g," v_").concat(f,";")}),l=s.map(function(f){return"out ".concat(f)}).join(`
`),u=s.map(function(f){return"in ".concat(f)}).join(`
`),d=hn(n,{varPrefix:"attr",baseTexelExpr:"edgeIdx * u_edgeAttributeTexelsPerEdge",textureWidthUniform:"u_edgeAttributeTextureWidth",textureSamplerUniform:"u_edgeAttributeTexture"}),c=d.fetchCode,h=d.varyingAssignments;return{uniformDeclarations:i,uniformNames:o,vertexVaryingDeclarations:l,fragmentVaryingDeclarations:u,fetchCode:c,varyingAssignments:h}}function Oc(n){return`
float findSourceClampT_`.concat(n,`(vec2 source, float sourceSize, int sourceShapeId, float sourceRotateAlign, vec2 target, float margin) {
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
    vec2 pos = path_`).concat(n,`_position(mid, source, target);
    vec2 localPos = rot * ((pos - source) / nodeExtent);
    float sdf = querySDF(sourceShapeId, localPos, effectiveSize);
    if (sdf < 0.0) lo = mid;
    else hi = mid;
  }

  float pathLen = path_`).concat(n,`_length(source, target);
  float marginT = (margin * u_correctionRatio / u_sizeRatio) / pathLen;
  return (lo + hi) * 0.5 + marginT;
}
`)}function Mc(n){return`
float findTargetClampT_`.concat(n,`(vec2 source, vec2 target, float targetSize, int targetShapeId, float targetRotateAlign, float margin) {
  float lo = 0.5, hi = 1.0;
  float nodeExtent = targetSize * u_correctionRatio / u_sizeRatio * 2.0;
  float effectiveSize = 1.0 - u_correctionRatio / nodeExtent;

  // See findSourceClampT_ for the rotation rationale.
  float ca = u_cameraAngle * (1.0 - targetRotateAlign);
  float rc = cos(ca), rs = sin(ca);
  mat2 rot = mat2(rc, -rs, rs, rc);

  for (int i = 0; i < 12; i++) {
    float mid = (lo + hi) * 0.5;
    vec2 pos = path_`).concat(n,`_position(mid, source, target);
    vec2 localPos = rot * ((pos - target) / nodeExtent);
    float sdf = querySDF(targetShapeId, localPos, effectiveSize);
    if (sdf < 0.0) hi = mid;
    else lo = mid;
  }

  float pathLen = path_`).concat(n,`_length(source, target);
  float marginT = (margin * u_correctionRatio / u_sizeRatio) / pathLen;
  return (lo + hi) * 0.5 - marginT;
}
`)}function Ko(n){return`
// Auto-generated numerical tangent (from position via finite differences)
vec2 path_`.concat(n,`_tangent(float t, vec2 source, vec2 target) {
  float epsilon = 0.001;
  float t1 = max(0.0, t - epsilon);
  float t2 = min(1.0, t + epsilon);
  vec2 p1 = path_`).concat(n,`_position(t1, source, target);
  vec2 p2 = path_`).concat(n,`_position(t2, source, target);
  return normalize(p2 - p1);
}

// Auto-generated normal (perpendicular to tangent)
vec2 path_`).concat(n,`_normal(float t, vec2 source, vec2 target) {
  vec2 tangent = path_`).concat(n,`_tangent(t, source, target);
  return vec2(-tangent.y, tangent.x);
}
`)}function Bc(n){return`
// Auto-generated path length (samples position 16 times)
float path_`.concat(n,`_length(vec2 source, vec2 target) {
  float len = 0.0;
  vec2 prev = path_`).concat(n,`_position(0.0, source, target);
  for (int i = 1; i <= 16; i++) {
    float t = float(i) / 16.0;
    vec2 curr = path_`).concat(n,`_position(t, source, target);
    len += length(curr - prev);
    prev = curr;
  }
  return len;
}
`)}function Uc(n){return`
// Auto-generated closest_t (coarse sample + ternary search)
float path_`.concat(n,`_closest_t(vec2 p, vec2 source, vec2 target) {
  // Coarse search: find best among 10 samples
  float bestT = 0.0;
  float bestDist = 1e10;
  for (int i = 0; i <= 10; i++) {
    float t = float(i) / 10.0;
    vec2 pos = path_`).concat(n,`_position(t, source, target);
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
    float d1 = length(p - path_`).concat(n,`_position(mid1, source, target));
    float d2 = length(p - path_`).concat(n,`_position(mid2, source, target));
    if (d1 < d2) {
      hi = mid2;
    } else {
      lo = mid1;
    }
  }
  return (lo + hi) * 0.5;
}
`)}function Hc(n){return`
// Auto-generated signed distance (via closest_t + normal)
float path_`.concat(n,`_distance(vec2 p, vec2 source, vec2 target) {
  float closestT = path_`).concat(n,`_closest_t(p, source, target);
  vec2 closest = path_`).concat(n,`_position(closestT, source, target);
  vec2 diff = p - closest;
  float dist = length(diff);
  if (dist < 0.0001) return 0.0;

  // Get normal at closest point
  vec2 normal = path_`).concat(n,`_normal(closestT, source, target);
  return dist * sign(dot(diff, normal));
}
`)}function $c(n){return`
// Auto-generated t_at_distance (binary search)
float path_`.concat(n,`_t_at_distance(float targetDist, vec2 source, vec2 target) {
  if (targetDist <= 0.0) return 0.0;

  float totalLen = path_`).concat(n,`_length(source, target);
  if (targetDist >= totalLen) return 1.0;

  // Binary search for t
  float lo = 0.0, hi = 1.0;
  for (int i = 0; i < 12; i++) {
    float mid = (lo + hi) * 0.5;

    // Compute arc length from 0 to mid
    float arcLen = 0.0;
    vec2 prev = path_`).concat(n,`_position(0.0, source, target);
    for (int j = 1; j <= 8; j++) {
      float t = mid * float(j) / 8.0;
      vec2 curr = path_`).concat(n,`_position(t, source, target);
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
`)}function ka(n,a){var e=new RegExp("\\b(float|vec[234]|void|int|bool)\\s+".concat(a,"\\s*\\("));return e.test(n)}function Zo(n,a){var e=[];return ka(a,"path_".concat(n,"_length"))||e.push(Bc(n)),ka(a,"path_".concat(n,"_closest_t"))||e.push(Uc(n)),ka(a,"path_".concat(n,"_distance"))||e.push(Hc(n)),ka(a,"path_".concat(n,"_t_at_distance"))||e.push($c(n)),e.length>0?`
// ============================================================================
// Auto-generated fallback functions (path only provided position)
// ============================================================================
`.concat(e.join(`
`)):""}function Qo(n){var a,e,t,r=n.paths,i=n.layers,o=(a=n.extremities)!==null&&a!==void 0?a:[];if(r.length===0)throw new Error("At least one path is required in 'paths'");if(i.length===0)throw new Error("At least one layer is required in 'layers'");var s=(e=n.defaultHead)!==null&&e!==void 0?e:"none",l=(t=n.defaultTail)!==null&&t!==void 0?t:"none";return{paths:r,extremities:o,layers:i,path:r[0],layer:i[0],defaultHead:s,defaultTail:l}}var Jo=WebGL2RenderingContext,Nn=Jo.FLOAT,Po=Jo.UNSIGNED_BYTE;function Vc(n,a,e){var t=new Set(["u_matrix","u_sizeRatio","u_correctionRatio","u_zoomRatio","u_pixelRatio","u_cameraAngle","u_minEdgeThickness","u_pickingPadding","u_nodeDataTexture","u_nodeDataTextureWidth","u_edgeDataTexture","u_edgeDataTextureWidth","u_edgeFrameTexture","u_edgeFrameTextureWidth","u_edgeAttributeTexture","u_edgeAttributeTextureWidth","u_edgeAttributeTexelsPerEdge"]),r=new Set(t);return n.forEach(function(i){return i.uniforms.forEach(function(o){return r.add(o.name)})}),a.forEach(function(i){return i.uniforms.forEach(function(o){return r.add(o.name)})}),e.forEach(function(i){return i.uniforms.forEach(function(o){return r.add(o.name)})}),Array.from(r)}function jr(n){var a=new Set,e=[],t=U(n),r;try{for(t.s();!(r=t.n()).done;){var i=r.value;a.has(i.name)||(a.add(i.name),e.push("// Path: ".concat(i.name)),e.push(i.glsl),e.push(Ko(i.name)),e.push(Zo(i.name,i.glsl)))}}catch(o){t.e(o)}finally{t.f()}return e.join(`

`)}function jc(n){var a=[],e=U(n),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;a.push("// Extremity: ".concat(r.name)),a.push(r.glsl)}}catch(i){e.e(i)}finally{e.f()}return a.join(`

`)}var qc=[{queryName:"queryPathPosition",pathFunc:"position",returnType:"vec2",params:"float t, vec2 source, vec2 target",args:"t, source, target"},{queryName:"queryPathTangent",pathFunc:"tangent",returnType:"vec2",params:"float t, vec2 source, vec2 target",args:"t, source, target"},{queryName:"queryPathNormal",pathFunc:"normal",returnType:"vec2",params:"float t, vec2 source, vec2 target",args:"t, source, target"},{queryName:"queryPathLength",pathFunc:"length",returnType:"float",params:"vec2 source, vec2 target",args:"source, target"},{queryName:"queryPathClosestT",pathFunc:"closest_t",returnType:"float",params:"vec2 p, vec2 source, vec2 target",args:"p, source, target"}];function Xc(n,a){var e=a.queryName,t=a.pathFunc,r=a.returnType,i=a.params,o=a.args;if(n.length===1)return"".concat(r," ").concat(e,"(int pathId, ").concat(i,`) {
  return path_`).concat(n[0].name,"_").concat(t,"(").concat(o,`);
}`);var s=n.map(function(l,u){return"    case ".concat(u,": return path_").concat(l.name,"_").concat(t,"(").concat(o,");")}).join(`
`);return"".concat(r," ").concat(e,"(int pathId, ").concat(i,`) {
  switch (pathId) {
`).concat(s,`
    default: return path_`).concat(n[0].name,"_").concat(t,"(").concat(o,`);
  }
}`)}function qr(n){return qc.map(function(a){return Xc(n,a)}).join(`

`)}function Yc(n){if(n.length===1)return`float queryExtremitySDF(int extremityId, vec2 uv, float lengthRatio, float widthRatio) {
  return extremity_`.concat(n[0].name,`(uv, lengthRatio, widthRatio);
}`);var a=n.map(function(e,t){return"    case ".concat(t,": return extremity_").concat(e.name,"(uv, lengthRatio, widthRatio);")}).join(`
`);return`float queryExtremitySDF(int extremityId, vec2 uv, float lengthRatio, float widthRatio) {
  switch (extremityId) {
`.concat(a,`
    default: return extremity_`).concat(n[0].name,`(uv, lengthRatio, widthRatio);
  }
}`)}function Kc(n){var a=[],e=U(n),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;a.push(Oc(r.name)),a.push(Mc(r.name))}}catch(s){e.e(s)}finally{e.f()}if(n.length===1)a.push(`
float queryFindSourceClampT(int pathId, vec2 source, float sourceSize, int sourceShapeId, float sourceRotateAlign, vec2 target, float margin) {
  return findSourceClampT_`.concat(n[0].name,`(source, sourceSize, sourceShapeId, sourceRotateAlign, target, margin);
}

float queryFindTargetClampT(int pathId, vec2 source, vec2 target, float targetSize, int targetShapeId, float targetRotateAlign, float margin) {
  return findTargetClampT_`).concat(n[0].name,`(source, target, targetSize, targetShapeId, targetRotateAlign, margin);
}`));else{var i=n.map(function(s,l){return"    case ".concat(l,": return findSourceClampT_").concat(s.name,"(source, sourceSize, sourceShapeId, sourceRotateAlign, target, margin);")}).join(`
`),o=n.map(function(s,l){return"    case ".concat(l,": return findTargetClampT_").concat(s.name,"(source, target, targetSize, targetShapeId, targetRotateAlign, margin);")}).join(`
`);a.push(`
float queryFindSourceClampT(int pathId, vec2 source, float sourceSize, int sourceShapeId, float sourceRotateAlign, vec2 target, float margin) {
  switch (pathId) {
`.concat(i,`
    default: return findSourceClampT_`).concat(n[0].name,`(source, sourceSize, sourceShapeId, sourceRotateAlign, target, margin);
  }
}

float queryFindTargetClampT(int pathId, vec2 source, vec2 target, float targetSize, int targetShapeId, float targetRotateAlign, float margin) {
  switch (pathId) {
`).concat(o,`
    default: return findTargetClampT_`).concat(n[0].name,`(source, target, targetSize, targetShapeId, targetRotateAlign, margin);
  }
}`))}return a.join(`

`)}function Zc(n,a,e,t,r){var i=Xe([].concat(Q(n),Q(e))),o=Bn(i),s=pn(t,r),l=Object.keys(s.offsets),u=function(w){var A=s.specs[w].size;return A===1?"float":"vec".concat(A)},d=l.map(function(E){return"".concat(u(E)," v_source_").concat(E,`;
`).concat(u(E)," v_target_").concat(E,";")}).join(`
`),c=hn(s,{varPrefix:"srcNodeAttr",baseTexelExpr:"srcIdx * u_layerAttributeTexelsPerNode",textureWidthUniform:"u_layerAttributeTextureWidth",textureSamplerUniform:"u_layerAttributeTexture",outputPrefix:"v_source_"}),h=hn(s,{varPrefix:"tgtNodeAttr",baseTexelExpr:"tgtIdx * u_layerAttributeTexelsPerNode",textureWidthUniform:"u_layerAttributeTextureWidth",textureSamplerUniform:"u_layerAttributeTexture",outputPrefix:"v_target_"}),f=l.map(function(E){return"".concat(u(E)," g_").concat(E,";")}).join(`
`),g=l.map(function(E){return"  g_".concat(E," = v_source_").concat(E,";")}).join(`
`),p=l.map(function(E){return"  g_".concat(E," = v_target_").concat(E,";")}).join(`
`),m=new Set,v=[],y=function(w){m.has(w.name)||(m.add(w.name),v.push("uniform ".concat(w.type," ").concat(w.name,";")))};n.forEach(function(E){return E.uniforms.forEach(y)}),a.forEach(function(E){return E.uniforms.forEach(y)});var b=a.map(function(E){return Ee(E.widthFactor)}).join(", "),x=Math.max.apply(Math,Q(n.map(function(E){return E.minBodyLengthRatio||0}))),_=`#version 300 es

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
const float EXTREMITY_WIDTH_FACTORS[`).concat(a.length,"] = float[](").concat(b,`);

// Node-data fetch helpers (geometry texel + rotation-flags texel)
`).concat(gt,`
`).concat(Mt,`

// Shape SDFs for node boundary clamping
`).concat(Jd(),`
`).concat(ec(new Set(l)),`

// Path functions
`).concat(jr(n),`
`).concat(qr(n),`
`).concat(Kc(n),`

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
  float minBodyLengthRatio = `).concat(Ee(x),`;

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
`);return _}var Pa=0,Io=1,Ia=2;function Qc(n,a,e){var t=[];e&&(t.push([Pa,0,-1],[Pa,0,1]),t.push([Pa,1,-1],[Pa,1,1]));for(var r=0;r<=n;r++){var i=r/n;t.push([Io,i,-1],[Io,i,1])}return a&&(t.push([Ia,0,-1],[Ia,0,1]),t.push([Ia,1,-1],[Ia,1,1])),{data:t,attributes:[{name:"a_zone",size:1,type:Nn},{name:"a_zoneT",size:1,type:Nn},{name:"a_side",size:1,type:Nn}],verticesPerEdge:t.length}}function Jc(n,a,e,t){var r=Xe([].concat(Q(n),Q(e))),i=Bn(r),o=new Set(["u_matrix","u_sizeRatio","u_correctionRatio","u_zoomRatio","u_pixelRatio","u_cameraAngle","u_minEdgeThickness","u_pickingPadding","u_nodeDataTexture"]),s=new Set,l=[],u=function(v){!o.has(v.name)&&!s.has(v.name)&&(s.add(v.name),l.push("uniform ".concat(v.type," ").concat(v.name,";")))};n.forEach(function(m){return m.uniforms.forEach(u)}),a.forEach(function(m){return m.uniforms.forEach(u)}),e.forEach(function(m){return m.uniforms.forEach(u)});var d=t.map(function(m){var v=m.size===1?"float":"vec".concat(m.size);return"in ".concat(v," ").concat(m.name,";")}).join(`
`),c=a.map(function(m){return Ee(m.widthFactor)}).join(", "),h=Math.max.apply(Math,Q(n.map(function(m){return m.minBodyLengthRatio||0}))),f=e.some(function(m){return m.needsNodeColors}),g=n.some(function(m){return m.needsNodeSize}),p=`#version 300 es

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
const float EXTREMITY_WIDTH_FACTORS[`).concat(a.length,"] = float[](").concat(c,`);

// All path functions
`).concat(jr(n),`

// Path selector functions
`).concat(qr(n),`

// Node-data fetch helper (geometry texel of the two-texel node stride)
`).concat(gt,`
`).concat(f?sc:"",`
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
  float minBodyLengthRatio = `).concat(Ee(h),`;

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
`);return p}function eh(n,a,e,t){var r=Xe([].concat(Q(n),Q(e))),i=Bn(r),o=new Set(["u_matrix","u_sizeRatio","u_correctionRatio","u_zoomRatio","u_pixelRatio","u_cameraAngle","u_minEdgeThickness","u_pickingPadding"]),s=new Set,l=[],u=function(y){!o.has(y.name)&&!s.has(y.name)&&(s.add(y.name),l.push("uniform ".concat(y.type," ").concat(y.name,";")))};n.forEach(function(v){return v.uniforms.forEach(u)}),a.forEach(function(v){return v.uniforms.forEach(u)}),e.forEach(function(v){return v.uniforms.forEach(u)});var d=a.map(function(v){var y;return Ee((y=v.baseRatio)!==null&&y!==void 0?y:.5)}).join(", "),c=function(y){var b,x;return a.length>1?"EXTREMITY_BASE_RATIOS[".concat(y,"]"):Ee((b=(x=a[0])===null||x===void 0?void 0:x.baseRatio)!==null&&b!==void 0?b:.5)},h=a.some(function(v){return rt(v.length)?!0:v.length>0}),f=e.some(function(v){return v.needsNodeColors}),g=n.some(function(v){return v.needsNodeSize}),p=e.map(function(v,y){return"  // Layer ".concat(y+1,": ").concat(v.name,`
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

`).concat(a.length>1?`// Base ratio array for extremities (shared pool for head/tail)
const float EXTREMITY_BASE_RATIOS[`.concat(a.length,"] = float[](").concat(d,");"):"",`

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
`).concat(jr(n),`

// Path selector functions
`).concat(qr(n),`

// All extremity functions
`).concat(jc(a),`

// Extremity SDF selector (shared pool for head/tail)
`).concat(Yc(a),`

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
`).concat(n.every(function(v){return v.linearParameterization})?`  // All paths have linear parameterization: t maps directly to arc distance
  context.distanceFromSource = pathTNorm * visibleLength;
  context.distanceToTarget = (1.0 - pathTNorm) * visibleLength;`:n.every(function(v){return!v.linearParameterization})?`  // No paths have linear parameterization: use numerical integration
  context.distanceFromSource = computeArcLengthMulti(v_pathId, v_tStart, pathT, v_source, v_target, 16);
  context.distanceToTarget = computeArcLengthMulti(v_pathId, pathT, v_tEnd, v_source, v_target, 16);`:`  // Mixed parameterization: use analytical for linear paths, numerical for others
  if (`.concat(n.filter(function(v){return v.linearParameterization}).map(function(v){return"v_pathId == ".concat(n.indexOf(v))}).join(" || "),`) {
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
`);return m}function th(n,a,e){var t=rt(a.length)?!0:a.length>0,r=rt(e.length)?!0:e.length>0;if(n.generateConstantData){var i=n.generateConstantData();return{data:i.data,attributes:i.attributes,verticesPerEdge:i.verticesPerEdge}}return Qc(n.segments,t,r)}function Fo(n){var a,e=Qo(n),t=e.paths,r=e.extremities,i=e.layers,o=(a=n.antialias)!==null&&a!==void 0?a:!0,s=new Map,l=new Map,u=new Map,d=U(t),c;try{for(d.s();!(c=d.n()).done;){var h=c.value,f=U(r),g;try{for(f.s();!(g=f.n()).done;){var p=g.value,m=U(r),v;try{for(m.s();!(v=m.n()).done;){var y=v.value,b="".concat(h.name,":").concat(p.name,":").concat(y.name),x=th(h,p,y);s.set(b,x.verticesPerEdge),l.set(b,x.data);var _=U(x.attributes),E;try{for(_.s();!(E=_.n()).done;){var w=E.value;u.has(w.name)||u.set(w.name,w)}}catch(j){_.e(j)}finally{_.f()}}}catch(j){m.e(j)}finally{m.f()}}}catch(j){f.e(j)}finally{f.f()}}}catch(j){d.e(j)}finally{d.f()}var A=Array.from(u.values()),S={};A.forEach(function(j,Z){S[j.name]=Z});var L=0,G="",C=U(s),N;try{for(C.s();!(N=C.n()).done;){var k=oe(N.value,2),I=k[0],W=k[1];W>L&&(L=W,G=I)}}catch(j){C.e(j)}finally{C.f()}var P=l.get(G)||[],T=G.split(":"),F=oe(T,1),M=F[0],z=t.find(function(j){return j.name===M}),D=[];z!=null&&z.generateConstantData?D=z.generateConstantData().attributes:D=[{name:"a_zone"},{name:"a_zoneT"},{name:"a_side"}];var q=P.map(function(j){var Z=new Array(A.length).fill(0);return D.forEach(function(De,ce){var K=S[De.name];K!==void 0&&ce<j.length&&(Z[K]=j[ce])}),Z});return{vertexShader:Jc(t,r,i,A),fragmentShader:eh(t,r,i,o),uniforms:Vc(t,r,i),attributes:nh(),verticesPerEdge:L,constantData:q,constantAttributes:A,vertexCountsPerCombination:s,constantDataPerCombination:l}}function nh(n,a,e){return[{name:"a_edgeIndex",size:1,type:Nn},{name:"a_color",size:4,type:Po,normalized:!0},{name:"a_id",size:4,type:Po,normalized:!0},{name:"a_opacity",size:1,type:Nn}]}var ah=`#version 300 es
precision highp float;

in vec4 v_clamp;

// RGBA32F target: stores (tStart, tEnd, straightenFactor, pathLength).
out vec4 fragColor;

void main() {
  fragColor = v_clamp;
}
`,rh=(function(){function n(a,e){ne(this,n),R(this,"uniformLocations",{});var t=e.paths,r=e.extremities,i=e.layers,o=e.nodeShapes,s=e.nodeLayers;this.gl=a,this.hasAttributeData=Xe([].concat(Q(t),Q(i))).floatsPerItem>0,this.hasNodeAttributeData=Object.keys(pn(o,s).offsets).length>0,this.vertexShader=Or(a,Zc(t,r,i,o,s)),this.fragmentShader=Mr(a,ah),this.program=Br(a,[this.vertexShader,this.fragmentShader]);var l=new Set;this.customUniforms=[];for(var u=0,d=[].concat(Q(t),Q(r));u<d.length;u++){var c=d[u],h=U(c.uniforms),f;try{for(h.s();!(f=h.n()).done;){var g=f.value;l.has(g.name)||(l.add(g.name),this.customUniforms.push(g))}}catch(b){h.e(b)}finally{h.f()}}var p=["u_sizeRatio","u_correctionRatio","u_cameraAngle","u_minEdgeThickness","u_nodeDataTexture","u_nodeDataTextureWidth","u_edgeDataTexture","u_edgeDataTextureWidth","u_edgeAttributeTexture","u_edgeAttributeTextureWidth","u_edgeAttributeTexelsPerEdge","u_layerAttributeTexture","u_layerAttributeTextureWidth","u_layerAttributeTexelsPerNode","u_frameTextureWidth","u_frameTextureHeight"].concat(Q(this.customUniforms.map(function(b){return b.name}))),m=U(p),v;try{for(m.s();!(v=m.n()).done;){var y=v.value;this.uniformLocations[y]=a.getUniformLocation(this.program,y)}}catch(b){m.e(b)}finally{m.f()}this.vao=a.createVertexArray()}return ae(n,[{key:"run",value:function(e,t,r,i,o){if(r!==0){var s=this.gl,l=this.uniformLocations;s.useProgram(this.program),s.bindVertexArray(this.vao),l.u_sizeRatio&&s.uniform1f(l.u_sizeRatio,e.sizeRatio),l.u_correctionRatio&&s.uniform1f(l.u_correctionRatio,e.correctionRatio),l.u_cameraAngle&&s.uniform1f(l.u_cameraAngle,e.cameraAngle),l.u_minEdgeThickness&&s.uniform1f(l.u_minEdgeThickness,e.minEdgeThickness),l.u_nodeDataTexture&&s.uniform1i(l.u_nodeDataTexture,e.nodeDataTextureUnit),l.u_nodeDataTextureWidth&&s.uniform1i(l.u_nodeDataTextureWidth,e.nodeDataTextureWidth),l.u_edgeDataTexture&&s.uniform1i(l.u_edgeDataTexture,e.edgeDataTextureUnit),l.u_edgeDataTextureWidth&&s.uniform1i(l.u_edgeDataTextureWidth,e.edgeDataTextureWidth),l.u_frameTextureWidth&&s.uniform1f(l.u_frameTextureWidth,t.getTextureWidth()),l.u_frameTextureHeight&&s.uniform1f(l.u_frameTextureHeight,t.getTextureHeight()),this.hasAttributeData&&i&&(i.bind(St),l.u_edgeAttributeTexture&&s.uniform1i(l.u_edgeAttributeTexture,St),l.u_edgeAttributeTextureWidth&&s.uniform1i(l.u_edgeAttributeTextureWidth,i.getTextureWidth()),l.u_edgeAttributeTexelsPerEdge&&s.uniform1i(l.u_edgeAttributeTexelsPerEdge,i.getTexelsPerItem())),this.hasNodeAttributeData&&o&&(o.bind(Et),l.u_layerAttributeTexture&&s.uniform1i(l.u_layerAttributeTexture,Et),l.u_layerAttributeTextureWidth&&s.uniform1i(l.u_layerAttributeTextureWidth,o.getTextureWidth()),l.u_layerAttributeTexelsPerNode&&s.uniform1i(l.u_layerAttributeTexelsPerNode,o.getTexelsPerItem()));var u=U(this.customUniforms),d;try{for(u.s();!(d=u.n()).done;){var c=d.value;Vr(s,this.uniformLocations[c.name],c)}}catch(h){u.e(h)}finally{u.f()}t.bindAsRenderTarget(),s.disable(s.BLEND),s.disable(s.DEPTH_TEST),s.drawArrays(s.POINTS,0,r),s.bindFramebuffer(s.FRAMEBUFFER,null),s.bindVertexArray(null)}}},{key:"kill",value:function(){var e=this.gl;e.deleteProgram(this.program),e.deleteShader(this.vertexShader),e.deleteShader(this.fragmentShader),e.deleteVertexArray(this.vao)}}])})();function Gn(n,a,e,t,r,i){if(n.length===1)return"".concat(t," ").concat(a,"(int pathId, ").concat(r,`) {
  return path_`).concat(n[0].name,"_").concat(e,"(").concat(i,`);
}`);var o=n.map(function(s,l){return"    case ".concat(l,": return path_").concat(s.name,"_").concat(e,"(").concat(i,");")}).join(`
`);return"".concat(t," ").concat(a,"(int pathId, ").concat(r,`) {
  switch (pathId) {
`).concat(o,`
    default: return path_`).concat(n[0].name,"_").concat(e,"(").concat(i,`);
  }
}`)}var ih=`
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
`;function oh(n,a){var e=Ee(n),t=Ee(a);return`
float computeEdgeLabelAlpha(float bodyLength, float textWidthWebGL) {
  float ratio = textWidthWebGL > 0.0001 ? min(bodyLength / textWidthWebGL, 1.0) : 1.0;
  if (ratio < `.concat(e,`) return 0.0;
  if (ratio < `).concat(t,") return (ratio - ").concat(e,") / (").concat(t," - ").concat(e,`);
  return 1.0;
}
`)}var sh=`
float computeEdgeLabelScreenDir(int pathId, float t, vec2 source, vec2 target, mat3 matrix) {
  vec2 tangent = queryPathTangent(pathId, t, source, target);
  return (matrix * vec3(tangent, 0.0)).x < 0.0 ? -1.0 : 1.0;
}
`,lh=`
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
`;function es(n){var a=n.paths,e=n.minVisibilityThreshold,t=n.fullVisibilityThreshold,r=a.some(function(s){return s.hasSharpCorners}),i=a.map(function(s){return"// --- Path: ".concat(s.name,` ---
`).concat(s.glsl,`

// Tangent/normal functions: analytical if provided, otherwise numerical
`).concat(s.analyticalTangentGlsl||Ko(s.name),`

// Auto-generated fallbacks for any missing path functions
`).concat(Zo(s.name,s.glsl),`

// Corner skip helpers (for paths with sharp corners like step/taxi)
`).concat(s.cornerSkipGlsl||"",`
`)}).join(`
`),o=r?`// Corner function selectors (only some paths have sharp corners)
vec2 queryGetCornerTs(int pathId, vec2 source, vec2 target) {
  switch (pathId) {
`.concat(a.map(function(s,l){return s.hasSharpCorners?"    case ".concat(l,": return path_").concat(s.name,"_getCornerTs(source, target);"):"    case ".concat(l,": return vec2(-1.0, -1.0); // No corners for ").concat(s.name)}).join(`
`),`
    default: return vec2(-1.0, -1.0);
  }
}

vec2 queryGetCornerConcavity(int pathId, vec2 source, vec2 target, float perpOffset) {
  switch (pathId) {
`).concat(a.map(function(s,l){return s.hasSharpCorners?"    case ".concat(l,": return path_").concat(s.name,"_getCornerConcavity(source, target, perpOffset);"):"    case ".concat(l,": return vec2(0.0, 0.0); // No corners for ").concat(s.name)}).join(`
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

`).concat(Gn(a,"queryPathPosition","position","vec2","float t, vec2 source, vec2 target","t, source, target"),`

`).concat(Gn(a,"queryPathTangent","tangent","vec2","float t, vec2 source, vec2 target","t, source, target"),`

`).concat(Gn(a,"queryPathNormal","normal","vec2","float t, vec2 source, vec2 target","t, source, target"),`

`).concat(Gn(a,"queryPathLength","length","float","vec2 source, vec2 target","source, target"),`

`).concat(Gn(a,"queryPathTAtDistance","t_at_distance","float","float dist, vec2 source, vec2 target","dist, source, target"),`

`).concat(o,`

// ============================================================================
// Shared helpers (body bounds, alpha ramp, screen direction, perpendicular offset)
// ============================================================================

`).concat(ih,`
`).concat(oh(e,t),`
`).concat(sh,`
`).concat(lh,`
`)}var uh=it.fontSize,dh=new Map,ts=24,Go=(ts+1)*2;function ch(n){var a=n.paths,e=n.fontSizeMode,t=n.headLengthRatio,r=n.tailLengthRatio,i=n.minVisibilityThreshold,o=n.fullVisibilityThreshold,s=n.keepUpright,l=e==="scaled",u=xt(),d=Xe([].concat(Q(a),[u])),c=Bn(d),h=`#version 300 es

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

const float ATLAS_FONT_SIZE = `).concat(Ee(uh),`;
const float HEAD_RATIO = `).concat(Ee(t),`;
const float TAIL_RATIO = `).concat(Ee(r),`;
const int RIBBON_SEGMENTS = `).concat(ts,`;

// Path attribute varyings (declared as plain locals since this shader has no FS inputs for them)
`).concat(c.vertexVaryingDeclarations.replace(/out /g,""),`

// Node size variables used by some path functions (self-loops, etc.)
float v_sourceNodeSize;
float v_targetNodeSize;

// Shared preamble: shape SDFs, path functions + selectors, clamp, helpers.
`).concat(es({paths:a,minVisibilityThreshold:i,fullVisibilityThreshold:o}),`

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
`);return h}var hh=`#version 300 es
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
`;function fh(n,a,e,t){var r=t.shaderConfig,i=r.paths,o=r.fontSizeMode;if(i.length===0)throw new Error("createEdgeLabelBackgroundProgram: shaderConfig must declare at least one path");var s=xt(),l=Xe([].concat(Q(i),[s])),u=Wa([].concat(Q(i),[s]),l),d=ch(r),c=(function(h){function f(g,p,m){var v;return ne(this,f),v=me(this,f,[g,p,m]),R(v,"totalCount",0),R(v,"bufferCapacity",0),R(v,"edgeAttributeTexture",null),v.edgeAttributeTexture=new Na(g,l),v.packedAttributeData=new Float32Array(l.floatsPerItem),v}return ye(f,h),ae(f,[{key:"getDefinition",value:function(){for(var p=WebGL2RenderingContext,m=p.FLOAT,v=p.UNSIGNED_BYTE,y=p.TRIANGLE_STRIP,b=[],x=0;x<Go;x++)b.push([x]);var _=["u_matrix","u_sizeRatio","u_correctionRatio","u_pixelRatio","u_cameraAngle","u_resolution","u_nodeDataTexture","u_nodeDataTextureWidth","u_edgeDataTexture","u_edgeDataTextureWidth","u_edgeFrameTexture","u_edgeFrameTextureWidth"];return o==="scaled"&&_.push("u_zoomSizeRatio"),l.floatsPerItem>0&&_.push("u_edgeAttributeTexture","u_edgeAttributeTextureWidth","u_edgeAttributeTexelsPerEdge"),{VERTICES:Go,VERTEX_SHADER_SOURCE:d,FRAGMENT_SHADER_SOURCE:hh,METHOD:y,UNIFORMS:_,ATTRIBUTES:[{name:"a_edgeIndex",size:1,type:m},{name:"a_edgeAttrIndex",size:1,type:m},{name:"a_baseFontSize",size:1,type:m},{name:"a_totalTextWidth",size:1,type:m},{name:"a_positionMode",size:1,type:m},{name:"a_margin",size:1,type:m},{name:"a_padding",size:1,type:m},{name:"a_color",size:4,type:v,normalized:!0},{name:"a_id",size:4,type:v,normalized:!0}],CONSTANT_ATTRIBUTES:[{name:"a_vertexIndex",size:1,type:m}],CONSTANT_DATA:b}}},{key:"processEdgeLabelBackground",value:function(p,m,v){var y=0;if(this.edgeAttributeTexture&&l.floatsPerItem>0){y=this.edgeAttributeTexture.allocate(m);var b=this.packedAttributeData;Oa(u,v.edgeAttributes,b,"",dh,0),this.edgeAttributeTexture.updateAllAttributes(m,b)}var x=this.floats,_=this.ints,E=p*this.STRIDE;x[E++]=v.edgeIndex,x[E++]=y,x[E++]=v.baseFontSize,x[E++]=v.totalTextWidth,x[E++]=v.positionMode,x[E++]=v.margin,x[E++]=v.padding,x[E++]=v.color,_[E++]=v.id}},{key:"setUniforms",value:function(p,m){var v=m.gl,y=m.uniformLocations;if(v.uniformMatrix3fv(y.u_matrix,!1,p.matrix),v.uniform1f(y.u_sizeRatio,p.sizeRatio),v.uniform1f(y.u_correctionRatio,p.correctionRatio),v.uniform1f(y.u_pixelRatio,p.pixelRatio),v.uniform1f(y.u_cameraAngle,p.cameraAngle),v.uniform2f(y.u_resolution,p.width,p.height),y.u_nodeDataTexture!==void 0&&v.uniform1i(y.u_nodeDataTexture,p.nodeDataTextureUnit),y.u_nodeDataTextureWidth!==void 0&&v.uniform1i(y.u_nodeDataTextureWidth,p.nodeDataTextureWidth),y.u_edgeDataTexture!==void 0&&v.uniform1i(y.u_edgeDataTexture,p.edgeDataTextureUnit),y.u_edgeDataTextureWidth!==void 0&&v.uniform1i(y.u_edgeDataTextureWidth,p.edgeDataTextureWidth),y.u_edgeFrameTexture!==void 0&&v.uniform1i(y.u_edgeFrameTexture,p.edgeFrameTextureUnit),y.u_edgeFrameTextureWidth!==void 0&&v.uniform1i(y.u_edgeFrameTextureWidth,p.edgeFrameTextureWidth),o==="scaled"&&y.u_zoomSizeRatio!==void 0){var b=this.renderer.getSetting("zoomToSizeRatioFunction");v.uniform1f(y.u_zoomSizeRatio,1/b(p.zoomRatio))}this.edgeAttributeTexture&&l.floatsPerItem>0&&y.u_edgeAttributeTexture!==void 0&&(this.edgeAttributeTexture.bind(St),v.uniform1i(y.u_edgeAttributeTexture,St),v.uniform1i(y.u_edgeAttributeTextureWidth,this.edgeAttributeTexture.getTextureWidth()),v.uniform1i(y.u_edgeAttributeTexelsPerEdge,this.edgeAttributeTexture.getTexelsPerItem()))}},{key:"renderProgram",value:function(p,m){this.edgeAttributeTexture&&l.floatsPerItem>0&&this.edgeAttributeTexture.upload(),Re(f,"renderProgram",this,3)([p,m])}},{key:"kill",value:function(){this.edgeAttributeTexture&&(this.edgeAttributeTexture.kill(),this.edgeAttributeTexture=null),Re(f,"kill",this,3)([])}},{key:"drawWebGL",value:function(p,m){var v=m.gl;this.totalCount!==0&&v.drawArraysInstanced(v.TRIANGLE_STRIP,0,this.VERTICES,this.totalCount)}},{key:"reallocate",value:function(p){this.totalCount=p,p>this.bufferCapacity&&(this.bufferCapacity=Math.max(p,Math.ceil(this.bufferCapacity*1.5)||10),Re(f,"reallocate",this,3)([this.bufferCapacity]))}}])})(Bt);return new c(n,a,e)}function ns(n){var a,e,t,r,i,o;return{paths:n.paths,headLengthRatio:(a=n.headLengthRatio)!==null&&a!==void 0?a:0,tailLengthRatio:(e=n.tailLengthRatio)!==null&&e!==void 0?e:0,fontSizeMode:(t=n.fontSizeMode)!==null&&t!==void 0?t:"fixed",minVisibilityThreshold:(r=n.minVisibilityThreshold)!==null&&r!==void 0?r:.7,fullVisibilityThreshold:(i=n.fullVisibilityThreshold)!==null&&i!==void 0?i:.8,keepUpright:(o=n.keepUpright)!==null&&o!==void 0?o:!0}}var gh=it.fontSize,vh=17/64;function ph(n){var a=n.paths,e=n.hasBorder,t=e===void 0?!1:e,r=n.fontSizeMode,i=r===void 0?"fixed":r,o=n.minVisibilityThreshold,s=o===void 0?.5:o,l=n.fullVisibilityThreshold,u=l===void 0?.6:l,d=n.keepUpright,c=d===void 0?!0:d,h=i==="scaled",f=a.some(function(y){return y.hasSharpCorners}),g=xt(),p=Xe([].concat(Q(a),[g])),m=Bn(p),v=`#version 300 es

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
const float ATLAS_FONT_SIZE = `).concat(Ee(gh),`;  // Base font size used in SDF atlas
const float VERTICAL_CENTER_RATIO = `).concat(Ee(vh),`;  // Baseline to visual center ratio

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
`).concat(es({paths:a,minVisibilityThreshold:s,fullVisibilityThreshold:u}),`

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
`);return v}function mh(){var n=arguments.length>0&&arguments[0]!==void 0?arguments[0]:{},a=n.hasBorder,e=a===void 0?!1:a,t=`#version 300 es
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
`);return t}function yh(n){var a=arguments.length>1&&arguments[1]!==void 0?arguments[1]:!1,e=arguments.length>2&&arguments[2]!==void 0?arguments[2]:"fixed",t=["u_matrix","u_sizeRatio","u_correctionRatio","u_pixelRatio","u_cameraAngle","u_sdfBufferPixels","u_resolution","u_atlasSize","u_atlas","u_gamma","u_sdfBuffer","u_nodeDataTexture","u_nodeDataTextureWidth","u_edgeDataTexture","u_edgeDataTextureWidth","u_edgeFrameTexture","u_edgeFrameTextureWidth","u_edgeAttributeTexture","u_edgeAttributeTextureWidth","u_edgeAttributeTexelsPerEdge"];e==="scaled"&&t.push("u_zoomSizeRatio"),a&&t.push("u_borderWidth");var r=U(n),i;try{for(r.s();!(i=r.n()).done;){var o=i.value,s=U(o.uniforms),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;t.includes(u.name)||t.push(u.name)}}catch(d){s.e(d)}finally{s.f()}}}catch(d){r.e(d)}finally{r.f()}return t}function bh(n){var a=n.hasBorder,e=a===void 0?!1:a,t=n.fontSizeMode,r=t===void 0?"fixed":t;return{vertexShader:ph(n),fragmentShader:mh({hasBorder:e}),uniforms:yh(n.paths,e,r)}}var _h=new Map;function xh(n){switch(n){case"over":return 0;case"above":return 1;case"below":return 2;case"auto":return 3;default:return 0}}function Th(n,a,e,t){var r=t.color,i=t.margin,o=t.textBorder,s=ns(t),l=s.paths,u=s.fontSizeMode,d=s.minVisibilityThreshold,c=s.fullVisibilityThreshold,h=s.keepUpright,f=!!o,g=bh({paths:l,hasBorder:f,fontSizeMode:u,minVisibilityThreshold:d,fullVisibilityThreshold:c,keepUpright:h}),p=(function(m){function v(y,b,x){var _;ne(this,v),_=me(this,v,[y,b,x]),R(_,"atlasTexture",null),R(_,"atlasNeedsUpdate",!1),R(_,"refreshTimeout",null),R(_,"labelGlyphCache",new Map),R(_,"edgeAttributeTexture",null);var E=xt();if(_.attributeLayout=Xe([].concat(Q(l),[E])),_.attrDescriptors=Wa([].concat(Q(l),[E]),_.attributeLayout),_.edgeAttributeTexture=new Na(y,_.attributeLayout),_.packedAttributeData=new Float32Array(_.attributeLayout.floatsPerItem),_.atlasManager=new Ot,_.gamma=.025,_.sdfBuffer=it.cutoff,_.atlasTexture=y.createTexture(),!_.atlasTexture)throw new Error("EdgeLabelProgram: failed to create atlas texture");y.bindTexture(y.TEXTURE_2D,_.atlasTexture),y.texParameteri(y.TEXTURE_2D,y.TEXTURE_WRAP_S,y.CLAMP_TO_EDGE),y.texParameteri(y.TEXTURE_2D,y.TEXTURE_WRAP_T,y.CLAMP_TO_EDGE),y.texParameteri(y.TEXTURE_2D,y.TEXTURE_MIN_FILTER,y.LINEAR),y.texParameteri(y.TEXTURE_2D,y.TEXTURE_MAG_FILTER,y.LINEAR),y.bindTexture(y.TEXTURE_2D,null),_.atlasManager.on(Ot.ATLAS_UPDATED_EVENT,function(){_.atlasNeedsUpdate=!0,_.refreshTimeout!==null&&clearTimeout(_.refreshTimeout),_.refreshTimeout=setTimeout(function(){_.refreshTimeout=null,_.renderer.refresh()},0)});var w={family:"sans-serif",weight:"normal",style:"normal"};return _.defaultFontKey=_.atlasManager.registerFont(w),_}return ye(v,m),ae(v,[{key:"getDefinition",value:function(){var b=WebGL2RenderingContext,x=b.FLOAT,_=b.UNSIGNED_BYTE,E=b.TRIANGLE_STRIP,w=new Set,A=[],S=U(l),L;try{for(S.s();!(L=S.n()).done;){var G=L.value,C=U(G.attributes),N;try{for(C.s();!(N=C.n()).done;){var k=N.value,I=k.name.startsWith("a_")?k.name:"a_".concat(k.name);w.has(I)||(w.add(I),A.push({name:I,size:k.size,type:k.type}))}}catch(W){C.e(W)}finally{C.f()}}}catch(W){S.e(W)}finally{S.f()}return{VERTICES:4,VERTEX_SHADER_SOURCE:g.vertexShader,FRAGMENT_SHADER_SOURCE:g.fragmentShader,METHOD:E,UNIFORMS:g.uniforms,ATTRIBUTES:[{name:"a_edgeIndex",size:1,type:x},{name:"a_edgeAttrIndex",size:1,type:x},{name:"a_baseFontSize",size:1,type:x},{name:"a_charMetrics",size:4,type:x},{name:"a_charDims",size:4,type:x},{name:"a_texCoords",size:4,type:x},{name:"a_labelParams",size:2,type:x},{name:"a_color",size:4,type:_,normalized:!0}].concat(Q(f?[{name:"a_borderColor",size:4,type:_,normalized:!0}]:[]),Q(A.filter(function(W){return!["a_curvature","curvature"].includes(W.name)}))),CONSTANT_ATTRIBUTES:[{name:"a_quadCorner",size:2,type:x}],CONSTANT_DATA:[[0,0],[1,0],[0,1],[1,1]]}}},{key:"prepareLabelGlyphs",value:function(b,x){if(x.hidden||!x.text){this.labelGlyphCache.delete(b);return}var _=x.text,E=x.fontKey||this.defaultFontKey;this.atlasManager.ensureGlyphs(_,E);var w=[],A=[],S=0,L=U(_),G;try{for(L.s();!(G=L.n()).done;){var C=G.value,N=C.codePointAt(0);if(N===void 0){w.push(void 0),A.push(S);continue}var k=this.atlasManager.getGlyph(N,E);w.push(k),A.push(S),k&&(S+=k.advance)}}catch(I){L.e(I)}finally{L.f()}this.labelGlyphCache.set(b,{glyphs:w,xOffsets:A,totalWidth:S})}},{key:"processCharacter",value:function(b,x,_,E){var w,A,S,L=this.floats,G=this.STRIDE,C=b*G,N=this.labelGlyphCache.get(x.parentKey);if(!N||!N.glyphs[E]){for(var k=0;k<G;k++)L[C+k]=0;return}var I=N.glyphs[E],W=N.xOffsets[E],P=v.labelColor,T=P&&ie(P)==="object"&&"color"in P&&P.color?P.color:x.color,F=je(T),M=C;L[M++]=x.edgeIndex,L[M++]=(w=(A=this.edgeAttributeTexture)===null||A===void 0?void 0:A.getIndex(x.parentKey))!==null&&w!==void 0?w:0,L[M++]=x.size,L[M++]=W,L[M++]=I.advance,L[M++]=N.totalWidth,L[M++]=xh(x.position),L[M++]=I.atlasWidth,L[M++]=I.atlasHeight,L[M++]=I.bearingX,L[M++]=-I.bearingY,L[M++]=I.atlasX,L[M++]=I.atlasY,L[M++]=I.atlasWidth,L[M++]=I.atlasHeight;var z=(S=v.labelMargin)!==null&&S!==void 0?S:x.margin;if(L[M++]=z,L[M++]=0,L[M++]=F,f&&o){var D;typeof o.color=="string"?D=o.color:D=o.color.color||"#ffffff",L[M++]=je(D)}var q=new Set,j=U(l),Z;try{for(j.s();!(Z=j.n()).done;){var De=Z.value,ce=U(De.attributes),K;try{for(ce.s();!(K=ce.n()).done;){var at=K.value,Pe=at.name.startsWith("a_")?at.name.slice(2):at.name;if(Pe!=="curvature"&&!q.has(Pe)){q.add(Pe);for(var Ct=0;Ct<at.size;Ct++)L[M++]=0}}}catch(Ke){ce.e(Ke)}finally{ce.f()}}}catch(Ke){j.e(Ke)}finally{j.f()}}},{key:"processEdgeLabel",value:function(b,x,_){if(this.prepareLabelGlyphs(b,_),this.edgeAttributeTexture&&!_.hidden&&_.text){this.edgeAttributeTexture.allocate(b);var E=this.packedAttributeData;Oa(this.attrDescriptors,_.edgeAttributes,E,"",_h,0),this.edgeAttributeTexture.updateAllAttributes(b,E)}return Re(v,"processLabel",this,3)([b,x,_])}},{key:"updateAtlasTexture",value:function(){if(this.atlasNeedsUpdate){var b=this.normalProgram.gl,x=this.atlasManager.getTextures();if(x.length!==0){var _=x[0];b.bindTexture(b.TEXTURE_2D,this.atlasTexture),b.texImage2D(b.TEXTURE_2D,0,b.RGBA,_.width,_.height,0,b.RGBA,b.UNSIGNED_BYTE,_.data),b.bindTexture(b.TEXTURE_2D,null),this.atlasNeedsUpdate=!1}}}},{key:"setUniforms",value:function(b,x){var _=x.gl,E=x.uniformLocations,w=this.atlasManager.getTextures(),A=w.length>0?[w[0].width,w[0].height]:[1,1];if(_.uniformMatrix3fv(E.u_matrix,!1,b.matrix),_.uniform1f(E.u_sizeRatio,b.sizeRatio),_.uniform1f(E.u_correctionRatio,b.correctionRatio),_.uniform1f(E.u_pixelRatio,b.pixelRatio),_.uniform1f(E.u_cameraAngle,b.cameraAngle),_.uniform1f(E.u_sdfBufferPixels,it.buffer),_.uniform2f(E.u_resolution,b.width,b.height),_.uniform2f(E.u_atlasSize,A[0],A[1]),_.uniform1f(E.u_gamma,this.gamma),_.uniform1f(E.u_sdfBuffer,this.sdfBuffer),_.activeTexture(_.TEXTURE0),_.bindTexture(_.TEXTURE_2D,this.atlasTexture),_.uniform1i(E.u_atlas,0),E.u_nodeDataTexture!==void 0&&_.uniform1i(E.u_nodeDataTexture,b.nodeDataTextureUnit),E.u_nodeDataTextureWidth!==void 0&&_.uniform1i(E.u_nodeDataTextureWidth,b.nodeDataTextureWidth),E.u_edgeDataTexture!==void 0&&_.uniform1i(E.u_edgeDataTexture,b.edgeDataTextureUnit),E.u_edgeDataTextureWidth!==void 0&&_.uniform1i(E.u_edgeDataTextureWidth,b.edgeDataTextureWidth),E.u_edgeFrameTexture!==void 0&&_.uniform1i(E.u_edgeFrameTexture,b.edgeFrameTextureUnit),E.u_edgeFrameTextureWidth!==void 0&&_.uniform1i(E.u_edgeFrameTextureWidth,b.edgeFrameTextureWidth),f&&o&&E.u_borderWidth!==void 0){var S=o.width/it.buffer*this.sdfBuffer;_.uniform1f(E.u_borderWidth,S)}if(this.edgeAttributeTexture&&E.u_edgeAttributeTexture!==void 0&&(this.edgeAttributeTexture.bind(St),_.uniform1i(E.u_edgeAttributeTexture,St),_.uniform1i(E.u_edgeAttributeTextureWidth,this.edgeAttributeTexture.getTextureWidth()),_.uniform1i(E.u_edgeAttributeTexelsPerEdge,this.edgeAttributeTexture.getTexelsPerItem())),u==="scaled"&&E.u_zoomSizeRatio!==void 0){var L=this.renderer.getSetting("zoomToSizeRatioFunction"),G=1/L(b.zoomRatio);_.uniform1f(E.u_zoomSizeRatio,G)}}},{key:"renderProgram",value:function(b,x){this.updateAtlasTexture(),this.atlasManager.hasPendingGlyphs()&&(this.atlasManager.flush(),this.updateAtlasTexture()),this.edgeAttributeTexture&&this.edgeAttributeTexture.upload(),Re(v,"renderProgram",this,3)([b,x])}},{key:"registerFont",value:function(b){var x=arguments.length>1&&arguments[1]!==void 0?arguments[1]:"normal",_=arguments.length>2&&arguments[2]!==void 0?arguments[2]:"normal";return this.atlasManager.registerFont({family:b,weight:x,style:_})}},{key:"getAtlasManager",value:function(){return this.atlasManager}},{key:"ensureGlyphsReady",value:function(b,x){var _=x||this.defaultFontKey,E=U(b),w;try{for(E.s();!(w=E.n()).done;){var A=w.value;this.atlasManager.ensureGlyphs(A,_)}}catch(S){E.e(S)}finally{E.f()}this.atlasManager.flush()}},{key:"measureLabelAtlasWidth",value:function(b,x){var _=x||this.defaultFontKey;this.atlasManager.ensureGlyphs(b,_),this.atlasManager.hasPendingGlyphs()&&this.atlasManager.flush();var E=0,w=U(b),A;try{for(w.s();!(A=w.n()).done;){var S=A.value,L=S.codePointAt(0);if(L!==void 0){var G=this.atlasManager.getGlyph(L,_);G&&(E+=G.advance)}}}catch(C){w.e(C)}finally{w.f()}return E}},{key:"measureLabel",value:function(b,x,_){var E=this.measureLabelAtlasWidth(b,_),w=x/it.fontSize;return{width:E*w,height:x,textHeight:x}}},{key:"kill",value:function(){var b=this.normalProgram.gl;this.refreshTimeout!==null&&(clearTimeout(this.refreshTimeout),this.refreshTimeout=null),this.atlasTexture&&(b.deleteTexture(this.atlasTexture),this.atlasTexture=null),this.edgeAttributeTexture&&(this.edgeAttributeTexture.kill(),this.edgeAttributeTexture=null),this.atlasManager.destroy(),this.labelGlyphCache.clear(),Re(v,"kill",this,3)([])}}])})(qo);return R(p,"labelColor",r),R(p,"labelMargin",i),new p(n,a,e)}function Eh(){var n=`
// No extremity - always returns positive (outside)
float extremity_none(vec2 uv, float lengthRatio, float widthRatio) {
  return 1.0;
}
`;return{name:"none",glsl:n,length:0,widthFactor:1,margin:0,uniforms:[],attributes:[]}}function as(n,a,e,t,r,i,o){var s,l,u=Qo(t),d=u.paths,c=u.layers,h=u.defaultHead,f=u.defaultTail,g=[Eh()].concat(Q(u.extremities)),p={},m={};d.forEach(function(C,N){return p[C.name]=N}),g.forEach(function(C,N){return m[C.name]=N});var v=(s=m[h])!==null&&s!==void 0?s:0,y=(l=m[f])!==null&&l!==void 0?l:0,b=null,x=Xe([].concat(Q(d),Q(c))),_=(function(C){function N(k,I,W){var P;ne(this,N),b||(b=Fo({paths:d,extremities:g,layers:c,antialias:r})),P=me(this,N,[k,I,W]),R(P,"layerLifecycles",new Map),R(P,"needsShaderRegeneration",!1),R(P,"edgeAttributeTexture",null),R(P,"layout",x),R(P,"attrDescriptors",[]),R(P,"lifecycleIndexOffset",d.length),P._pickingBuffer=I,P.edgeAttributeTexture=new Na(k,P.layout),P.packedAttributeData=new Float32Array(P.layout.floatsPerItem),c.forEach(function(F,M){if(F.lifecycle){var z={gl:k,renderer:{refresh:function(){return W.refresh()}},getUniformLocation:function(q){return k.getUniformLocation(P.normalProgram.program,q)},requestShaderRegeneration:function(){P.needsShaderRegeneration=!0},requestRefresh:function(){W.refresh()}};P.layerLifecycles.set(M,F.lifecycle(z))}}),P.layerLifecycles.forEach(function(F){var M;return(M=F.init)===null||M===void 0?void 0:M.call(F)});var T=new Map;return P.layerLifecycles.forEach(function(F,M){F.getAttributeData&&T.set(d.length+M,F)}),P.attrDescriptors=Wa([].concat(Q(d),Q(c)),P.layout,T),P}return ye(N,C),ae(N,[{key:"getAttributeTexture",value:function(){return this.edgeAttributeTexture}},{key:"resolveEdgeIds",value:function(I,W,P){var T=I,F=0,M=v,z=y,D=W?T.selfLoopPath:P&&T.parallelPath?T.parallelPath:T.path;D&&p[D]!==void 0&&(F=p[D]),T.head&&T.head!=="none"&&m[T.head]!==void 0&&(M=m[T.head]),T.tail&&T.tail!=="none"&&m[T.tail]!==void 0&&(z=m[T.tail]);var q=g[M],j=g[z];return{pathId:F,headId:M,tailId:z,headLengthRatio:rt(q.length)?0:q.length,tailLengthRatio:rt(j.length)?0:j.length}}},{key:"getDefinition",value:function(){var I=WebGL2RenderingContext,W=I.TRIANGLE_STRIP,P=W,T=b;return{VERTICES:T.verticesPerEdge,VERTEX_SHADER_SOURCE:T.vertexShader,FRAGMENT_SHADER_SOURCE:T.fragmentShader,METHOD:P,UNIFORMS:T.uniforms,ATTRIBUTES:T.attributes,CONSTANT_ATTRIBUTES:T.constantAttributes,CONSTANT_DATA:T.constantData}}},{key:"maybeRegenerateShaders",value:function(){var I=this;if(this.needsShaderRegeneration){this.needsShaderRegeneration=!1;var W=c.map(function(q,j){var Z=I.layerLifecycles.get(j);return Z!=null&&Z.regenerate?Z.regenerate():q});b=Fo({paths:d,extremities:g,layers:W,antialias:this.renderer.getSetting("antialiasEdges")});var P=this.normalProgram.gl,T=this.normalProgram,F=T.program,M=T.buffer,z=T.vertexShader,D=T.fragmentShader;P.deleteProgram(F),P.deleteBuffer(M),P.deleteShader(z),P.deleteShader(D),this.normalProgram=this.getProgramInfo("normal",P,b.vertexShader,b.fragmentShader,this._pickingBuffer)}}},{key:"process",value:function(I,W,P,T,F,M){var z=W*this.STRIDE;if(F.visibility==="hidden"||P.visibility==="hidden"||T.visibility==="hidden"){for(var D=z+this.STRIDE;z<D;z++)this.floats[z]=0;this.floats[W*this.STRIDE]=$o;return}this.processVisibleItem(on(I),z,P,T,F,M)}},{key:"processVisibleItem",value:function(I,W,P,T,F,M){var z,D=this.floats,q=this.ints;D[W++]=M,D[W++]=je(F.color),q[W++]=I,D[W++]=(z=F.opacity)!==null&&z!==void 0?z:1;var j=this.packedAttributeData;Oa(this.attrDescriptors,F,j,F.color,this.layerLifecycles,this.lifecycleIndexOffset),this.edgeAttributeTexture.updateAllAttributesAtRow(M,j)}},{key:"setUniforms",value:function(I,W){var P=this,T=W.gl,F=W.uniformLocations;F.u_matrix&&T.uniformMatrix3fv(F.u_matrix,!1,I.matrix),F.u_sizeRatio&&T.uniform1f(F.u_sizeRatio,I.sizeRatio),F.u_correctionRatio&&T.uniform1f(F.u_correctionRatio,I.correctionRatio),F.u_zoomRatio&&T.uniform1f(F.u_zoomRatio,I.zoomRatio),F.u_pixelRatio&&T.uniform1f(F.u_pixelRatio,I.pixelRatio),F.u_cameraAngle&&T.uniform1f(F.u_cameraAngle,I.cameraAngle),F.u_feather&&T.uniform1f(F.u_feather,I.antiAliasingFeather),F.u_minEdgeThickness&&T.uniform1f(F.u_minEdgeThickness,I.minEdgeThickness),F.u_pickingPadding&&T.uniform1f(F.u_pickingPadding,I.edgePickingPadding),F.u_nodeDataTexture&&T.uniform1i(F.u_nodeDataTexture,I.nodeDataTextureUnit),F.u_nodeDataTextureWidth&&T.uniform1i(F.u_nodeDataTextureWidth,I.nodeDataTextureWidth),F.u_edgeDataTexture&&T.uniform1i(F.u_edgeDataTexture,I.edgeDataTextureUnit),F.u_edgeDataTextureWidth&&T.uniform1i(F.u_edgeDataTextureWidth,I.edgeDataTextureWidth),F.u_edgeFrameTexture&&T.uniform1i(F.u_edgeFrameTexture,I.edgeFrameTextureUnit),F.u_edgeFrameTextureWidth&&T.uniform1i(F.u_edgeFrameTextureWidth,I.edgeFrameTextureWidth),this.edgeAttributeTexture&&this.layout.floatsPerItem>0&&(this.edgeAttributeTexture.bind(St),F.u_edgeAttributeTexture&&T.uniform1i(F.u_edgeAttributeTexture,St),F.u_edgeAttributeTextureWidth&&T.uniform1i(F.u_edgeAttributeTextureWidth,this.edgeAttributeTexture.getTextureWidth()),F.u_edgeAttributeTexelsPerEdge&&T.uniform1i(F.u_edgeAttributeTexelsPerEdge,this.edgeAttributeTexture.getTexelsPerItem()));var M=new Set;d.forEach(function(z){z.uniforms.forEach(function(D){M.has(D.name)||(M.add(D.name),P.setTypedUniform(D,W))})}),g.forEach(function(z){z.uniforms.forEach(function(D){M.has(D.name)||(M.add(D.name),P.setTypedUniform(D,W))})}),c.forEach(function(z){z.uniforms.forEach(function(D){M.has(D.name)||(M.add(D.name),P.setTypedUniform(D,W))})})}},{key:"render",value:function(I,W,P){this.maybeRegenerateShaders(),Re(N,"render",this,3)([I,W,P])}},{key:"renderProgram",value:function(I,W){this.layerLifecycles.forEach(function(P){var T;return(T=P.beforeRender)===null||T===void 0?void 0:T.call(P)}),Re(N,"renderProgram",this,3)([I,W])}},{key:"uploadAttributeTexture",value:function(){this.edgeAttributeTexture&&this.layout.floatsPerItem>0&&this.edgeAttributeTexture.upload()}},{key:"kill",value:function(){this.layerLifecycles.forEach(function(I){var W;return(W=I.kill)===null||W===void 0?void 0:W.call(I)}),this.edgeAttributeTexture&&(this.edgeAttributeTexture.kill(),this.edgeAttributeTexture=null),Re(N,"kill",this,3)([])}}])})(Bt),E=g[v],w=g[y],A=$({paths:d,headLengthRatio:rt(E.length)?0:E.length,tailLengthRatio:rt(w.length)?0:w.length},t.label),S=ns(A),L=function(){return{labelProgram:Th(n,null,e,A),labelBackgroundProgram:fh(n,a,e,{shaderConfig:S})}},G=new rh(n,{paths:d,extremities:g,layers:c,nodeShapes:i,nodeLayers:o});return{edgeProgram:new _(n,null,e),createLabelPrograms:L,framePass:G}}function Sh(n){return ie(n)==="object"&&"uniforms"in n&&Array.isArray(n.uniforms)}function wh(n){return ie(n)==="object"&&"uniforms"in n&&"attributes"in n&&"glsl"in n}function Ah(n){return ie(n)==="object"&&"uniforms"in n&&"attributes"in n&&"segments"in n}function Rh(n){return ie(n)==="object"&&"uniforms"in n&&"attributes"in n&&"length"in n}function Dh(n){return ie(n)==="object"&&"uniforms"in n&&"attributes"in n&&"glsl"in n}function Lh(n){return ie(n)==="object"&&"glsl"in n&&"name"in n&&!("uniforms"in n)}function Ch(n){return ie(n)==="object"&&"glsl"in n&&"name"in n&&!("uniforms"in n)}function kh(n){return ie(n)==="object"&&"glsl"in n&&"name"in n&&!("uniforms"in n)}function Ph(n){if(Sh(n))return n;if(Lh(n))return{name:n.name,glsl:n.glsl,inradiusFactor:n.inradiusFactor,uniforms:[]};throw new Error("Invalid node shape specification: ".concat(JSON.stringify(n)))}function Ih(n){if(wh(n))return n;if(xr(n))return{name:n.name,glsl:n.glsl,uniforms:[],attributes:[]};throw new Error("Invalid node layer specification: ".concat(JSON.stringify(n)))}function Fh(n){if(Ah(n))return n;if(Ch(n))return{name:n.name,glsl:n.glsl,segments:n.segments,uniforms:[],attributes:[]};throw new Error("Invalid edge path specification: ".concat(JSON.stringify(n)))}function Gh(n){if(Dh(n))return n;if(Tr(n))return{name:n.name,glsl:n.glsl,uniforms:[],attributes:[]};throw new Error("Invalid edge layer specification: ".concat(JSON.stringify(n)))}function zh(n){if(Rh(n))return n;if(kh(n))return{name:n.name,glsl:n.glsl,length:n.length,widthFactor:n.widthFactor,margin:0,uniforms:[],attributes:[]};throw new Error("Invalid edge extremity specification: ".concat(JSON.stringify(n)))}function rs(n){var a,e,t=(a=n?.shapes)!==null&&a!==void 0?a:sn.shapes,r=(e=n?.layers)!==null&&e!==void 0?e:sn.layers,i=t.map(Ph),o=r.map(Ih);if(i.length===0)throw new Error("At least one node shape must be specified.");if(o.length===0)throw new Error("At least one node layer must be specified.");return{shapes:i,layers:o}}function Nh(n){var a,e,t,r=(a=n?.paths)!==null&&a!==void 0?a:zt.paths,i=(e=n?.extremities)!==null&&e!==void 0?e:zt.extremities,o=(t=n?.layers)!==null&&t!==void 0?t:zt.layers,s=r.map(Fh),l=i.map(zh).filter(function(d){return d!==null}),u=o.map(Gh);if(s.length===0)throw new Error("At least one edge path must be specified.");if(u.length===0)throw new Error("At least one edge layer must be specified.");return{paths:s,extremities:l,layers:u}}function is(n,a){var e={},t=U(n),r;try{for(t.s();!(r=t.n()).done;){var i=r.value;i.variables&&Object.assign(e,i.variables)}}catch(o){t.e(o)}finally{t.f()}return Object.assign(e,a||{}),e}function os(n,a,e,t,r){var i=rs(t),o=i.shapes,s=i.layers,l=is(o,t?.variables),u=Yo(n,a,e,{shapes:o,layers:s,label:t?.label,backdrop:t?.backdrop,labelAttachments:t?.labelAttachments},r);return $($({},u),{},{variables:l})}function ss(n,a,e,t,r,i){var o=Nh(t),s=o.paths,l=o.extremities,u=o.layers,d=rs(i),c=d.shapes,h=d.layers,f=is(s,t?.variables),g=as(n,a,e,{paths:s,extremities:l,layers:u,defaultHead:t?.defaultHead,defaultTail:t?.defaultTail,label:t?.label},r,c,h);return $($({},g),{},{variables:f,paths:s})}var Wh=2;function ls(n,a,e){var t=arguments.length>3&&arguments[3]!==void 0?arguments[3]:Wh,r=a.canvas,i=r.width,o=r.height,s=e.x,l=e.y,u=e.rowHeight,d=e.maxRowWidth,c={},h=[],f=U(n),g;try{for(f.s();!(g=f.n()).done;){var p=g.value,m=p.width+t,v=p.height+t;if(m>i||v>o||s+m>i&&l+u+v>o){h.push(p);continue}s+m>i&&(d=Math.max(d,s),s=0,l+=u,u=v),p.draw(a,s,l),c[p.key]={x:s,y:l,width:p.width,height:p.height},s+=m,u=Math.max(u,v)}}catch(y){f.e(y)}finally{f.f()}return d=Math.max(d,s),{atlas:c,cursor:{x:s,y:l,rowHeight:u,maxRowWidth:d},remaining:h}}function We(n,a,e,t){var r=Object.defineProperty;try{r({},"",{})}catch{r=0}We=function(i,o,s,l){function u(d,c){We(i,d,function(h){return this._invoke(d,c,h)})}o?r?r(i,o,{value:s,enumerable:!l,configurable:!l,writable:!l}):i[o]=s:(u("next",0),u("throw",1),u("return",2))},We(n,a,e,t)}function Oe(){var n,a,e=typeof Symbol=="function"?Symbol:{},t=e.iterator||"@@iterator",r=e.toStringTag||"@@toStringTag";function i(f,g,p,m){var v=g&&g.prototype instanceof s?g:s,y=Object.create(v.prototype);return We(y,"_invoke",(function(b,x,_){var E,w,A,S=0,L=_||[],G=!1,C={p:0,n:0,v:n,a:N,f:N.bind(n,4),d:function(k,I){return E=k,w=0,A=n,C.n=I,o}};function N(k,I){for(w=k,A=I,a=0;!G&&S&&!W&&a<L.length;a++){var W,P=L[a],T=C.p,F=P[2];k>3?(W=F===I)&&(A=P[(w=P[4])?5:(w=3,3)],P[4]=P[5]=n):P[0]<=T&&((W=k<2&&T<P[1])?(w=0,C.v=I,C.n=P[1]):T<F&&(W=k<3||P[0]>I||I>F)&&(P[4]=k,P[5]=I,C.n=F,w=0))}if(W||k>1)return o;throw G=!0,I}return function(k,I,W){if(S>1)throw TypeError("Generator is already running");for(G&&I===1&&N(I,W),w=I,A=W;(a=w<2?n:A)||!G;){E||(w?w<3?(w>1&&(C.n=-1),N(w,A)):C.n=A:C.v=A);try{if(S=2,E){if(w||(k="next"),a=E[k]){if(!(a=a.call(E,A)))throw TypeError("iterator result is not an object");if(!a.done)return a;A=a.value,w<2&&(w=0)}else w===1&&(a=E.return)&&a.call(E),w<2&&(A=TypeError("The iterator does not provide a '"+k+"' method"),w=1);E=n}else if((a=(G=C.n<0)?A:b.call(x,C))!==o)break}catch(P){E=n,w=1,A=P}finally{S=1}}return{value:a,done:G}}})(f,p,m),!0),y}var o={};function s(){}function l(){}function u(){}a=Object.getPrototypeOf;var d=[][t]?a(a([][t]())):(We(a={},t,function(){return this}),a),c=u.prototype=s.prototype=Object.create(d);function h(f){return Object.setPrototypeOf?Object.setPrototypeOf(f,u):(f.__proto__=u,We(f,r,"GeneratorFunction")),f.prototype=Object.create(c),f}return l.prototype=u,We(c,"constructor",u),We(u,"constructor",l),l.displayName="GeneratorFunction",We(u,r,"GeneratorFunction"),We(c),We(c,r,"Generator"),We(c,t,function(){return this}),We(c,"toString",function(){return"[object Generator]"}),(Oe=function(){return{w:i,m:h}})()}function us(n,a,e,t,r,i,o){try{var s=n[i](o),l=s.value}catch(u){return void e(u)}s.done?a(l):Promise.resolve(l).then(t,r)}function yn(n){return function(){var a=this,e=arguments;return new Promise(function(t,r){var i=n.apply(a,e);function o(l){us(i,t,r,o,s,"next",l)}function s(l){us(i,t,r,o,s,"throw",l)}o(void 0)})}}var Ba=new Map,ds=!1;function Oh(n){return new Promise(function(a,e){var t=new FileReader;t.onload=function(){return a(t.result)},t.onerror=e,t.readAsDataURL(n)})}function Mh(n){if(!Ba.has(n)){var a=fetch(n).then(function(e){return e.blob()}).then(Oh).catch(function(){return Ba.delete(n),null});Ba.set(n,a)}return Ba.get(n)}function Bh(n){return Xr.apply(this,arguments)}function Xr(){return Xr=yn(Oe().m(function n(a){var e,t,r;return Oe().w(function(i){for(;;)switch(i.n){case 0:return e=document.createElement("div"),e.innerHTML=a,t=Array.from(e.querySelectorAll("img[src]")),r=t.filter(function(o){return!o.getAttribute("src").startsWith("data:")}),i.n=1,Promise.all(r.map((function(){var o=yn(Oe().m(function s(l){var u;return Oe().w(function(d){for(;;)switch(d.n){case 0:return d.n=1,Mh(l.getAttribute("src"));case 1:u=d.v,u&&l.setAttribute("src",u);case 2:return d.a(2)}},s)}));return function(s){return o.apply(this,arguments)}})()));case 1:return i.a(2,e.innerHTML)}},n)})),Xr.apply(this,arguments)}function cs(n){return Yr.apply(this,arguments)}function Yr(){return Yr=yn(Oe().m(function n(a){var e,t,r,i,o,s,l,u,d,c,h,f,g,p=arguments;return Oe().w(function(m){for(;;)switch(m.n){case 0:if(e=p.length>1&&p[1]!==void 0?p[1]:1,t=a instanceof SVGElement?new XMLSerializer().serializeToString(a):a,r=new DOMParser,i=r.parseFromString(t,"image/svg+xml"),o=i.querySelector("svg"),o){m.n=1;break}return m.a(2,null);case 1:if(s=parseFloat(o.getAttribute("width")||""),l=parseFloat(o.getAttribute("height")||""),(!(s>0)||!(l>0))&&(u=o.getAttribute("viewBox"),u&&(d=u.trim().split(/[\s,]+/),s=parseFloat(d[2]),l=parseFloat(d[3]))),!(!(s>0)||!(l>0))){m.n=2;break}return console.warn("Sigma: SVG label attachment has no parseable dimensions \u2014 skipped."),m.a(2,null);case 2:return c=Math.ceil(s*e),h=Math.ceil(l*e),f=new Blob([t],{type:"image/svg+xml"}),g=URL.createObjectURL(f),m.a(2,new Promise(function(v){var y=new Image;y.onload=function(){var b=document.createElement("canvas");b.width=c,b.height=h,b.getContext("2d").drawImage(y,0,0,c,h),URL.revokeObjectURL(g);try{b.getContext("2d").getImageData(0,0,1,1)}catch(x){if(x instanceof DOMException&&x.name==="SecurityError"){ds||(ds=!0,console.warn('Sigma: A label attachment was skipped because the rendered canvas is tainted. SVG with <foreignObject> (used by the "html" attachment type) is blocked in Chromium and Safari. Use type: "canvas" with Canvas 2D rendering instead.')),v(null);return}throw x}v(b)},y.onerror=function(){URL.revokeObjectURL(g),v(null)},y.src=g}))}},n)})),Yr.apply(this,arguments)}function Uh(n,a){var e=document.createElement("div");e.style.cssText="position:fixed;left:-99999px;top:0;visibility:hidden;width:max-content;height:max-content",e.innerHTML=(a?"<style>".concat(a,"</style>"):"")+n,document.body.appendChild(e);var t=e.getBoundingClientRect(),r=t.width,i=t.height;return document.body.removeChild(e),{width:Math.ceil(r),height:Math.ceil(i)}}function Hh(n,a,e,t){return Kr.apply(this,arguments)}function Kr(){return Kr=yn(Oe().m(function n(a,e,t,r){var i,o,s,l,u,d,c,h,f=arguments;return Oe().w(function(g){for(;;)switch(g.n){case 0:return i=f.length>4&&f[4]!==void 0?f[4]:1,o=a instanceof HTMLElement?a.outerHTML:a,g.n=1,Bh(o);case 1:return s=g.v,(t==null||r==null)&&(l=Uh(s,e),t=t??l.width,r=r??l.height),u=Math.ceil(t*i),d=Math.ceil(r*i),c=e?"<style>".concat(e,"</style>"):"",h='<svg xmlns="http://www.w3.org/2000/svg" '+'width="'.concat(u,'" height="').concat(d,'" viewBox="0 0 ').concat(t," ").concat(r,'">')+'<foreignObject width="'.concat(t,'" height="').concat(r,'">')+'<body xmlns="http://www.w3.org/1999/xhtml" style="margin:0;padding:0">'.concat(c).concat(s,"</body>")+"</foreignObject></svg>",g.a(2,cs(h,1))}},n)})),Kr.apply(this,arguments)}function $h(n){return Zr.apply(this,arguments)}function Zr(){return Zr=yn(Oe().m(function n(a){var e,t=arguments,r;return Oe().w(function(i){for(;;)switch(i.n){case 0:e=t.length>1&&t[1]!==void 0?t[1]:1,r=a.type,i.n=r==="canvas"?1:r==="svg"?2:r==="html"?3:4;break;case 1:return i.a(2,a.canvas);case 2:return i.a(2,cs(a.svg,e));case 3:return i.a(2,Hh(a.html,a.css,a.width,a.height,e));case 4:return i.a(2)}},n)})),Zr.apply(this,arguments)}var mn=2048,hs=(function(){function n(a,e,t){ne(this,n),R(this,"cache",new Map),R(this,"pending",new Set),R(this,"atlas",{}),R(this,"glTexture",null),R(this,"dirty",!0),this.gl=a,this.renderers=e,this.scheduleRender=t,this.packCanvas=document.createElement("canvas"),this.packCanvas.width=mn,this.packCanvas.height=mn,this.packCtx=this.packCanvas.getContext("2d")}return ae(n,[{key:"renderAttachment",value:function(e,t,r){var i=this,o="".concat(e,":").concat(t);if(!(this.cache.has(o)||this.pending.has(o))){var s=this.renderers[t];if(s){var l=s(r);if(l){this.pending.add(o);var u=r.pixelRatio;Promise.resolve(l).then((function(){var d=yn(Oe().m(function c(h){var f;return Oe().w(function(g){for(;;)switch(g.n){case 0:if(i.pending.has(o)){g.n=1;break}return g.a(2);case 1:if(i.pending.delete(o),h){g.n=2;break}return g.a(2);case 2:return g.n=3,$h(h,u);case 3:if(f=g.v,!(!f||f.width===0||f.height===0)){g.n=4;break}return g.a(2);case 4:i.cache.set(o,{image:f,width:f.width,height:f.height}),i.dirty=!0,i.scheduleRender();case 5:return g.a(2)}},c)}));return function(c){return d.apply(this,arguments)}})())}}}}},{key:"regenerateAtlas",value:function(){if(this.dirty){this.dirty=!1;var e=[];if(this.cache.forEach(function(u,d){e.push({key:d,width:u.width,height:u.height,draw:function(h,f,g){h.drawImage(u.image,f,g)}})}),e.length===0){this.atlas={},this.deleteGLTexture();return}var t={x:0,y:0,rowHeight:0,maxRowWidth:0};this.packCtx.clearRect(0,0,mn,mn);var r=ls(e,this.packCtx,t),i=r.atlas,o=r.remaining;this.atlas=i,o.length>0&&console.warn("Sigma: ".concat(o.length," label attachment(s) could not fit in the ").concat(mn,"x").concat(mn," atlas and will not be rendered.")),this.deleteGLTexture();var s=this.gl,l=s.createTexture();s.activeTexture(s.TEXTURE0+Mn),s.bindTexture(s.TEXTURE_2D,l),s.pixelStorei(s.UNPACK_PREMULTIPLY_ALPHA_WEBGL,!0),s.texImage2D(s.TEXTURE_2D,0,s.RGBA,s.RGBA,s.UNSIGNED_BYTE,this.packCanvas),s.pixelStorei(s.UNPACK_PREMULTIPLY_ALPHA_WEBGL,!1),s.texParameteri(s.TEXTURE_2D,s.TEXTURE_MIN_FILTER,s.LINEAR),s.texParameteri(s.TEXTURE_2D,s.TEXTURE_MAG_FILTER,s.LINEAR),s.texParameteri(s.TEXTURE_2D,s.TEXTURE_WRAP_S,s.CLAMP_TO_EDGE),s.texParameteri(s.TEXTURE_2D,s.TEXTURE_WRAP_T,s.CLAMP_TO_EDGE),this.glTexture=l}}},{key:"bindTexture",value:function(e){if(this.glTexture){var t=this.gl;t.activeTexture(t.TEXTURE0+e),t.bindTexture(t.TEXTURE_2D,this.glTexture)}}},{key:"getEntry",value:function(e,t){var r="".concat(e,":").concat(t);return this.atlas[r]||null}},{key:"invalidateNode",value:function(e){var t="".concat(e,":"),r=U(this.cache.keys()),i;try{for(r.s();!(i=r.n()).done;){var o=i.value;o.startsWith(t)&&(this.cache.delete(o),this.dirty=!0)}}catch(d){r.e(d)}finally{r.f()}var s=U(this.pending),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;u.startsWith(t)&&this.pending.delete(u)}}catch(d){s.e(d)}finally{s.f()}}},{key:"restore",value:function(){this.glTexture=null,this.dirty=!0}},{key:"clear",value:function(){this.cache.clear(),this.pending.clear(),this.atlas={},this.dirty=!0,this.deleteGLTexture()}},{key:"kill",value:function(){this.clear(),this.packCanvas=null,this.packCtx=null,this.gl=null}},{key:"deleteGLTexture",value:function(){this.glTexture&&(this.gl.deleteTexture(this.glTexture),this.glTexture=null)}}])})(),Qr=(function(){function n(a){ne(this,n),R(this,"buckets",new Map),R(this,"keyDepth",new Map);var e=U(a),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;this.buckets.set(r,new Set)}}catch(i){e.e(i)}finally{e.f()}}return ae(n,[{key:"has",value:function(e){return this.keyDepth.has(e)}},{key:"getBucket",value:function(e){return this.buckets.get(e)}},{key:"set",value:function(e,t){var r,i=this.keyDepth.get(e);if(i!==t){var o=this.buckets.get(t);if(!o)throw new Error('Sigma: "'.concat(t,'" is not a declared depth layer'));i!==void 0&&((r=this.buckets.get(i))===null||r===void 0||r.delete(e)),o.add(e),this.keyDepth.set(e,t)}}},{key:"remove",value:function(e){var t=this.keyDepth.get(e);t!==void 0&&(this.buckets.get(t).delete(e),this.keyDepth.delete(e))}},{key:"clearAll",value:function(){var e=U(this.buckets.values()),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;r.clear()}}catch(i){e.e(i)}finally{e.f()}this.keyDepth.clear()}},{key:"getSorted",value:function(e,t){var r=this.buckets.get(e);return!r||r.size===0?[]:Q(r).sort(function(i,o){return t(i)-t(o)})}}])})(),fs=(function(n){function a(e,t){return ne(this,a),me(this,a,[e,2,t])}return ye(a,n),ae(a,[{key:"updateNode",value:function(t,r,i,o,s,l,u,d){var c=this.indexMap.get(t);if(c===void 0)throw new Error('Node "'.concat(t,'" not allocated in NodeDataTexture'));var h=_t(d),f=oe(h,4),g=f[0],p=f[1],m=f[2],v=f[3],y=c*2*4;this.data[y]=r,this.data[y+1]=i,this.data[y+2]=o,this.data[y+3]=s,this.data[y+4]=l,this.data[y+5]=u,this.data[y+6]=g*65536+p*256+m,this.data[y+7]=v/255,this.markDirty(c)}}])})(za),Vh=1024,jh=1.5,qh=4096,Jr=(function(){function n(a,e){var t;if(ne(this,n),R(this,"texture",null),R(this,"framebuffer",null),!a.getExtension("EXT_color_buffer_float"))throw new Error("sigma: EXT_color_buffer_float is required for label/edge placement but is unavailable in this WebGL2 context.");this.gl=a,this.channels=e.channels,this.capacity=this.roundUpToPowerOfTwo((t=e.initialCapacity)!==null&&t!==void 0?t:Vh);var r=this.computeDimensions(this.capacity);this.textureWidth=r.width,this.textureHeight=r.height,this.create()}return ae(n,[{key:"roundUpToPowerOfTwo",value:function(e){return Math.pow(2,Math.ceil(Math.log2(Math.max(1,e))))}},{key:"computeDimensions",value:function(e){var t=Math.min(e,qh),r=Math.ceil(e/t);return{width:t,height:r}}},{key:"create",value:function(){var e=this.gl,t=this.channels===1?e.R32F:e.RGBA32F,r=this.channels===1?e.RED:e.RGBA;if(this.texture=e.createTexture(),e.activeTexture(e.TEXTURE0),e.bindTexture(e.TEXTURE_2D,this.texture),e.texImage2D(e.TEXTURE_2D,0,t,this.textureWidth,this.textureHeight,0,r,e.FLOAT,null),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_MIN_FILTER,e.NEAREST),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_MAG_FILTER,e.NEAREST),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_WRAP_S,e.CLAMP_TO_EDGE),e.texParameteri(e.TEXTURE_2D,e.TEXTURE_WRAP_T,e.CLAMP_TO_EDGE),this.framebuffer=e.createFramebuffer(),e.bindFramebuffer(e.FRAMEBUFFER,this.framebuffer),e.framebufferTexture2D(e.FRAMEBUFFER,e.COLOR_ATTACHMENT0,e.TEXTURE_2D,this.texture,0),e.checkFramebufferStatus(e.FRAMEBUFFER)!==e.FRAMEBUFFER_COMPLETE)throw new Error("sigma: float framebuffer for frame-pass placement is incomplete.");e.bindFramebuffer(e.FRAMEBUFFER,null),e.bindTexture(e.TEXTURE_2D,null)}},{key:"ensureCapacity",value:function(e){if(!(e<=this.capacity)){var t=this.gl;this.capacity=this.roundUpToPowerOfTwo(Math.ceil(e*jh));var r=this.computeDimensions(this.capacity);this.textureWidth=r.width,this.textureHeight=r.height,this.texture&&t.deleteTexture(this.texture),this.framebuffer&&t.deleteFramebuffer(this.framebuffer),this.create()}}},{key:"bindAsRenderTarget",value:function(){var e=this.gl;e.bindFramebuffer(e.FRAMEBUFFER,this.framebuffer),e.viewport(0,0,this.textureWidth,this.textureHeight)}},{key:"bind",value:function(e){var t=this.gl;t.activeTexture(t.TEXTURE0+e),t.bindTexture(t.TEXTURE_2D,this.texture)}},{key:"getTexture",value:function(){return this.texture}},{key:"getTextureWidth",value:function(){return this.textureWidth}},{key:"getTextureHeight",value:function(){return this.textureHeight}},{key:"restore",value:function(){this.gl.getExtension("EXT_color_buffer_float"),this.create()}},{key:"kill",value:function(){var e=this.gl;this.texture&&(e.deleteTexture(this.texture),this.texture=null),this.framebuffer&&(e.deleteFramebuffer(this.framebuffer),this.framebuffer=null)}}])})(),gs=(function(n){function a(e,t){return ne(this,a),me(this,a,[e,2,t])}return ye(a,n),ae(a,[{key:"updateEdge",value:function(t,r,i,o,s,l){var u=arguments.length>6&&arguments[6]!==void 0?arguments[6]:0,d=arguments.length>7&&arguments[7]!==void 0?arguments[7]:0,c=arguments.length>8&&arguments[8]!==void 0?arguments[8]:0,h=this.indexMap.get(t);if(h===void 0)throw new Error('Edge "'.concat(t,'" not allocated in EdgeDataTexture'));var f=h*this.TEXELS_PER_ITEM*4;this.data[f+0]=r,this.data[f+1]=i,this.data[f+2]=o,this.data[f+3]=0,this.data[f+4]=s,this.data[f+5]=l,this.data[f+6]=u,this.data[f+7]=(d&15)<<4|c&15,this.markDirty(h)}}])})(za);var Mv=Qe(Ft()),Bv=Qe(Wt());function Xh(n,a){if(n==null)return{};var e={};for(var t in n)if({}.hasOwnProperty.call(n,t)){if(a.indexOf(t)!==-1)continue;e[t]=n[t]}return e}function vs(n,a){if(n==null)return{};var e,t,r=Xh(n,a);if(Object.getOwnPropertySymbols){var i=Object.getOwnPropertySymbols(n);for(t=0;t<i.length;t++)e=i[t],a.indexOf(e)===-1&&{}.propertyIsEnumerable.call(n,e)&&(r[e]=n[e])}return r}var Yh=["factor"],Kh=["factor"],ps=1.5,ei={x:.5,y:.5,angle:0,ratio:1},ms=(function(n){function a(){var e;ne(this,a);for(var t=arguments.length,r=new Array(t),i=0;i<t;i++)r[i]=arguments[i];return e=me(this,a,[].concat(r)),R(e,"minRatio",null),R(e,"maxRatio",null),R(e,"enabled",!0),R(e,"enabledZooming",!0),R(e,"enabledPanning",!0),R(e,"enabledRotation",!0),R(e,"constrainState",null),R(e,"state",$({},ei)),R(e,"previousState",$({},ei)),R(e,"nextFrame",null),R(e,"currentAnimationFrom",null),R(e,"currentAnimationTo",null),R(e,"animationCallback",null),e}return ye(a,n),ae(a,[{key:"x",get:function(){return this.state.x}},{key:"y",get:function(){return this.state.y}},{key:"angle",get:function(){return this.state.angle}},{key:"ratio",get:function(){return this.state.ratio}},{key:"getState",value:function(){return $({},this.state)}},{key:"getPreviousState",value:function(){return $({},this.previousState)}},{key:"getBoundedRatio",value:function(t){var r=t;return typeof this.minRatio=="number"&&(r=Math.max(r,this.minRatio)),typeof this.maxRatio=="number"&&(r=Math.min(r,this.maxRatio)),r}},{key:"validateState",value:function(t){var r=this.getState();return this.enabledPanning&&typeof t.x=="number"&&(r.x=t.x),this.enabledPanning&&typeof t.y=="number"&&(r.y=t.y),this.enabledZooming&&typeof t.ratio=="number"&&(r.ratio=this.getBoundedRatio(t.ratio)),this.enabledRotation&&typeof t.angle=="number"&&(r.angle=t.angle),this.constrainState?this.constrainState(r):r}},{key:"isAnimating",value:function(){return this.nextFrame!==null}},{key:"setState",value:function(t){if(!this.enabled)return this;var r=this.validateState(t);return xo(this.state,r)?this:(this.previousState=this.state,this.state=r,this.emit("updated",this.getState()),this)}},{key:"updateState",value:function(t){return this.setState(t(this.getState())),this}},{key:"animate",value:function(t,r){var i=this;return this.enabled?new Promise(function(o){return i.runAnimation(t,$($({},So),r),o)}):Promise.resolve()}},{key:"cancelAnimation",value:function(){return this.nextFrame!==null&&(cancelAnimationFrame(this.nextFrame),this.nextFrame=null),this.resolveAnimation(),this.emitAnimationEnd(!1),this}},{key:"zoomIn",value:function(){var t=arguments.length>0&&arguments[0]!==void 0?arguments[0]:{},r=t.factor,i=r===void 0?ps:r,o=vs(t,Yh);return this.animate({ratio:this.ratio/i},o)}},{key:"zoomOut",value:function(){var t=arguments.length>0&&arguments[0]!==void 0?arguments[0]:{},r=t.factor,i=r===void 0?ps:r,o=vs(t,Kh);return this.animate({ratio:this.ratio*i},o)}},{key:"reset",value:function(t){return this.animate(ei,t)}},{key:"runAnimation",value:function(t,r,i){var o=this,s=ba(r.easing),l=Date.now(),u=this.getState(),d=this.validateState(t),c=function(){if(!o.enabled){o.cancelAnimation();return}var f=r.duration>0?(Date.now()-l)/r.duration:1;if(f>=1){o.nextFrame=null,o.setState(d),o.resolveAnimation(),o.emitAnimationEnd(!0);return}var g=s(f);o.setState({x:u.x+(d.x-u.x)*g,y:u.y+(d.y-u.y)*g,angle:u.angle+(d.angle-u.angle)*g,ratio:u.ratio+(d.ratio-u.ratio)*g}),o.nextFrame=requestAnimationFrame(c)};this.cancelAnimation(),this.currentAnimationFrom=u,this.currentAnimationTo=d,this.animationCallback=i,this.emit("animationStart",{from:u,to:d}),c()}},{key:"resolveAnimation",value:function(){var t=this.animationCallback;this.animationCallback=null,t&&t()}},{key:"emitAnimationEnd",value:function(t){var r=this.currentAnimationFrom,i=this.currentAnimationTo;!r||!i||(this.currentAnimationFrom=null,this.currentAnimationTo=null,this.emit("animationEnd",{from:r,to:i,completed:t}))}}],[{key:"from",value:function(t){var r=new a;return r.setState(t)}}])})(Ea);function Me(n,a){var e=a.getBoundingClientRect();return{x:n.clientX-e.left,y:n.clientY-e.top}}function ot(n,a){var e=$($({},Me(n,a)),{},{sigmaDefaultPrevented:!1,preventSigmaDefault:function(){e.sigmaDefaultPrevented=!0},original:n});return e}function Ut(n){var a="x"in n?n:$($({},n.touches[0]||n.previousTouches[0]),{},{original:n.original,sigmaDefaultPrevented:n.sigmaDefaultPrevented,preventSigmaDefault:function(){n.sigmaDefaultPrevented=!0,a.sigmaDefaultPrevented=!0}});return a}function Zh(n,a){var e=ot(n,a);return e.delta=Ps(n),e}var Qh=2;function Ha(n){for(var a=[],e=0,t=Math.min(n.length,Qh);e<t;e++)a.push(n[e]);return a}function Un(n,a,e){var t={touches:Ha(n.touches).map(function(r){return Me(r,e)}),previousTouches:a.map(function(r){return Me(r,e)}),sigmaDefaultPrevented:!1,preventSigmaDefault:function(){t.sigmaDefaultPrevented=!0},original:n};return t}function Ps(n){if(typeof n.deltaY<"u")return n.deltaY*-3/360;if(typeof n.detail<"u")return n.detail/-9;throw new Error("Captor: could not extract delta from event.")}var Is=(function(n){function a(e,t){var r;return ne(this,a),r=me(this,a),r.container=e,r.renderer=t,r}return ye(a,n),ae(a)})(Ea),Jh=["doubleClickTimeout","doubleClickZoomingDuration","doubleClickZoomingRatio","dragTimeout","draggedEventsTolerance","enableCameraMouseRotation","gestureTarget","inertiaDuration","inertiaRatio","zoomDuration","zoomingRatio"],ef=Jh.reduce(function(n,a){return $($({},n),{},R({},a,Aa[a]))},{});function Hn(n){return n instanceof PointerEvent&&n.pointerType==="touch"}var tf=(function(n){function a(e,t){var r;return ne(this,a),r=me(this,a,[e,t]),R(r,"enabled",!0),R(r,"draggedEvents",0),R(r,"downStartTime",null),R(r,"lastMouseX",null),R(r,"lastMouseY",null),R(r,"isMouseDown",!1),R(r,"isMoving",!1),R(r,"isPanningStage",!1),R(r,"movingTimeout",null),R(r,"startCameraState",null),R(r,"clicks",0),R(r,"doubleClickTimeout",null),R(r,"isRightMouseDown",!1),R(r,"startRotationAngle",null),R(r,"startCameraAngle",null),R(r,"currentWheelDirection",0),R(r,"lastWheelAnimationId",0),R(r,"settings",ef),r.handleRightClick=r.handleRightClick.bind(r),r.handleDown=r.handleDown.bind(r),r.handleUp=r.handleUp.bind(r),r.handleMove=r.handleMove.bind(r),r.handleWheel=r.handleWheel.bind(r),r.handleLeave=r.handleLeave.bind(r),r.handleEnter=r.handleEnter.bind(r),e.addEventListener("contextmenu",r.handleRightClick,{capture:!1}),e.addEventListener("pointerdown",r.handleDown,{capture:!1}),e.addEventListener("wheel",r.handleWheel,{capture:!1,passive:!1}),e.addEventListener("pointerleave",r.handleLeave,{capture:!1}),e.addEventListener("pointerenter",r.handleEnter,{capture:!1}),document.addEventListener("pointermove",r.handleMove,{capture:!1}),document.addEventListener("pointerup",r.handleUp,{capture:!1}),r}return ye(a,n),ae(a,[{key:"kill",value:function(){var t=this.container;t.removeEventListener("contextmenu",this.handleRightClick),t.removeEventListener("pointerdown",this.handleDown),t.removeEventListener("wheel",this.handleWheel),t.removeEventListener("pointerleave",this.handleLeave),t.removeEventListener("pointerenter",this.handleEnter),document.removeEventListener("pointermove",this.handleMove),document.removeEventListener("pointerup",this.handleUp)}},{key:"handleClick",value:function(t){var r=this;if(this.enabled){if(this.clicks++,this.clicks===2)return this.clicks=0,typeof this.doubleClickTimeout=="number"&&(clearTimeout(this.doubleClickTimeout),this.doubleClickTimeout=null),this.handleDoubleClick(t);setTimeout(function(){r.clicks=0,r.doubleClickTimeout=null},this.settings.doubleClickTimeout),this.draggedEvents<this.settings.draggedEventsTolerance&&this.emit("click",ot(t,this.container))}}},{key:"handleRightClick",value:function(t){this.enabled&&(this.settings.enableCameraMouseRotation&&t.preventDefault(),this.emit("rightClick",ot(t,this.container)))}},{key:"handleDoubleClick",value:function(t){if(this.enabled){t.preventDefault(),t.stopPropagation();var r=ot(t,this.container);if(this.emit("doubleClick",r),!r.sigmaDefaultPrevented){var i=this.renderer.getCamera(),o=i.getBoundedRatio(i.getState().ratio/this.settings.doubleClickZoomingRatio);i.animate(this.renderer.getViewportZoomedState(Me(t,this.container),o),{easing:"quadraticInOut",duration:this.settings.doubleClickZoomingDuration})}}}},{key:"handleDown",value:function(t){if(!(!this.enabled||Hn(t))){if(t.button===0){this.startCameraState=this.renderer.getCamera().getState();var r=Me(t,this.container),i=r.x,o=r.y;this.lastMouseX=i,this.lastMouseY=o,this.draggedEvents=0,this.downStartTime=Date.now(),this.isMouseDown=!0}if(t.button===2&&this.settings.enableCameraMouseRotation){var s=Me(t,this.container),l=s.x,u=s.y,d=this.container.offsetWidth/2,c=this.container.offsetHeight/2;this.startRotationAngle=Math.atan2(u-c,l-d),this.startCameraAngle=this.renderer.getCamera().getState().angle,this.isRightMouseDown=!0}this.emit("mousedown",ot(t,this.container))}}},{key:"handleUp",value:function(t){var r=this;if(!(!this.enabled||Hn(t)||!this.isMouseDown&&!this.isRightMouseDown)){if(this.isRightMouseDown){this.isRightMouseDown=!1,this.startRotationAngle=null,this.startCameraAngle=null,this.emit("mouseup",ot(t,this.container));return}var i=this.renderer.getCamera();this.isMouseDown=!1,this.isPanningStage&&(this.isPanningStage=!1,this.renderer._setPanning(!1)),typeof this.movingTimeout=="number"&&(clearTimeout(this.movingTimeout),this.movingTimeout=null);var o=Me(t,this.container),s=o.x,l=o.y,u=i.getState(),d=i.getPreviousState();this.isMoving?i.animate({x:u.x+this.settings.inertiaRatio*(u.x-d.x),y:u.y+this.settings.inertiaRatio*(u.y-d.y)},{duration:this.settings.inertiaDuration,easing:"quadraticOut"}):(this.lastMouseX!==s||this.lastMouseY!==l)&&i.setState({x:u.x,y:u.y}),this.isMoving=!1,setTimeout(function(){var c=r.draggedEvents>0;r.draggedEvents=0;var h=r.renderer.getSetting("hideEdgesOnMove")||r.renderer.getSetting("hideLabelsOnMove");c&&h&&r.renderer.refresh()},0),this.emit("mouseup",ot(t,this.container)),(t.target===this.container||t.composedPath()[0]===this.container)&&this.handleClick(t)}}},{key:"handleMove",value:function(t){var r=this;if(!(!this.enabled||Hn(t))){var i=ot(t,this.container);if(this.emit("mousemovebody",i),(t.target===this.container||t.composedPath()[0]===this.container)&&this.emit("mousemove",i),this.isMouseDown&&this.draggedEvents++,!i.sigmaDefaultPrevented){if(this.isMouseDown){this.isMoving=!0,typeof this.movingTimeout=="number"&&clearTimeout(this.movingTimeout),this.movingTimeout=window.setTimeout(function(){r.movingTimeout=null,r.isMoving=!1},this.settings.dragTimeout);var o=this.renderer.getCamera(),s=Me(t,this.container),l=s.x,u=s.y,d=this.renderer.viewportToFramedGraph({x:this.lastMouseX,y:this.lastMouseY}),c=this.renderer.viewportToFramedGraph({x:l,y:u}),h=d.x-c.x,f=d.y-c.y,g=o.getState(),p=g.x+h,m=g.y+f;this.isPanningStage||(this.isPanningStage=!0,this.renderer._setPanning(!0)),o.setState({x:p,y:m}),this.lastMouseX=l,this.lastMouseY=u,t.preventDefault(),t.stopPropagation()}if(this.isRightMouseDown){var v=Me(t,this.container),y=v.x,b=v.y,x=this.container.offsetWidth/2,_=this.container.offsetHeight/2,E=Math.atan2(b-_,y-x),w=E-this.startRotationAngle,A=this.renderer.getCamera();A.setState({angle:this.startCameraAngle+w}),t.preventDefault(),t.stopPropagation()}}}}},{key:"handleLeave",value:function(t){Hn(t)||this.emit("mouseleave",ot(t,this.container))}},{key:"handleEnter",value:function(t){Hn(t)||this.emit("mouseenter",ot(t,this.container))}},{key:"handleWheel",value:function(t){var r=this,i=this.renderer.getCamera();if(!(!this.enabled||!i.enabledZooming)){var o=Zh(t,this.container);if(this.emit("wheel",o),!o.sigmaDefaultPrevented){var s=this.settings.gestureTarget;if(s!=="page"){if(s==="shared"&&!t.ctrlKey&&!t.metaKey){this.renderer._showGestureHint("wheel");return}var l=Ps(t);if(l){t.preventDefault(),t.stopPropagation();var u=i.getState().ratio,d=l>0?1/this.settings.zoomingRatio:this.settings.zoomingRatio,c=i.getBoundedRatio(u*d),h=l>0?1:-1,f=Date.now();if(u!==c&&!(this.currentWheelDirection===h&&this.lastWheelTriggerTime&&f-this.lastWheelTriggerTime<this.settings.zoomDuration/5)){var g=++this.lastWheelAnimationId;i.animate(this.renderer.getViewportZoomedState(Me(t,this.container),c),{easing:"quadraticOut",duration:this.settings.zoomDuration}).then(function(){r.lastWheelAnimationId===g&&(r.currentWheelDirection=0)}),this.currentWheelDirection=h,this.lastWheelTriggerTime=f}}}}}}},{key:"setSettings",value:function(t){this.settings=t}}])})(Is),nf=["dragTimeout","gestureTarget","inertiaDuration","inertiaRatio","doubleClickTimeout","doubleClickZoomingRatio","doubleClickZoomingDuration","tapMoveTolerance"],af=nf.reduce(function(n,a){return $($({},n),{},R({},a,Aa[a]))},{}),rf=(function(n){function a(e,t){var r;return ne(this,a),r=me(this,a,[e,t]),R(r,"enabled",!0),R(r,"isMoving",!1),R(r,"hasMoved",!1),R(r,"isPanningStage",!1),R(r,"isZoomingStage",!1),R(r,"touchMode",0),R(r,"startTouchesPositions",[]),R(r,"lastTouches",[]),R(r,"lastTap",null),R(r,"settings",af),r.handleStart=r.handleStart.bind(r),r.handleLeave=r.handleLeave.bind(r),r.handleMove=r.handleMove.bind(r),e.addEventListener("touchstart",r.handleStart,{capture:!1}),e.addEventListener("touchcancel",r.handleLeave,{capture:!1}),document.addEventListener("touchend",r.handleLeave,{capture:!1,passive:!1}),document.addEventListener("touchmove",r.handleMove,{capture:!1,passive:!1}),r}return ye(a,n),ae(a,[{key:"kill",value:function(){var t=this.container;t.removeEventListener("touchstart",this.handleStart),t.removeEventListener("touchcancel",this.handleLeave),document.removeEventListener("touchend",this.handleLeave),document.removeEventListener("touchmove",this.handleMove)}},{key:"getDimensions",value:function(){return{width:this.container.offsetWidth,height:this.container.offsetHeight}}},{key:"doesCapture",value:function(t){var r=this.settings.gestureTarget;return r==="graph"?!0:r==="page"?!1:t>=2}},{key:"syncStageFlags",value:function(){var t=this.touchMode===1&&this.hasMoved,r=this.touchMode===2;t!==this.isPanningStage&&(this.isPanningStage=t,this.renderer._setPanning(t)),r!==this.isZoomingStage&&(this.isZoomingStage=r,this.renderer._setZooming(r))}},{key:"handleStart",value:function(t){var r=this;if(this.enabled){var i=Ha(t.touches);if(this.touchMode=i.length,this.startCameraState=this.renderer.getCamera().getState(),this.startTouchesPositions=i.map(function(f){return Me(f,r.container)}),this.touchMode===2){var o=oe(this.startTouchesPositions,2),s=o[0],l=s.x,u=s.y,d=o[1],c=d.x,h=d.y;this.startTouchesAngle=Math.atan2(h-u,c-l),this.startTouchesDistance=Math.sqrt(Math.pow(c-l,2)+Math.pow(h-u,2))}this.syncStageFlags(),this.emit("touchdown",Un(t,this.lastTouches,this.container)),this.lastTouches=i,this.lastTouchesPositions=this.startTouchesPositions,t.cancelable&&(this.doesCapture(t.touches.length)||this.renderer._hasNodeDrag())&&t.preventDefault()}}},{key:"handleLeave",value:function(t){if(!(!this.enabled||!this.startTouchesPositions.length)){switch(t.cancelable&&this.doesCapture(this.touchMode)&&t.preventDefault(),this.movingTimeout&&(this.isMoving=!1,clearTimeout(this.movingTimeout)),this.touchMode){case 2:if(t.touches.length===1){this.handleStart(t);break}case 1:if(this.isMoving){var r=this.renderer.getCamera(),i=r.getState(),o=r.getPreviousState();r.animate({x:i.x+this.settings.inertiaRatio*(i.x-o.x),y:i.y+this.settings.inertiaRatio*(i.y-o.y)},{duration:this.settings.inertiaDuration,easing:"quadraticOut"})}this.hasMoved=!1,this.isMoving=!1,this.touchMode=0;break}if(this.syncStageFlags(),this.emit("touchup",Un(t,this.lastTouches,this.container)),!t.touches.length){var s=Me(this.lastTouches[0],this.container),l=this.startTouchesPositions[0],u=Math.pow(s.x-l.x,2)+Math.pow(s.y-l.y,2);if(!t.touches.length&&u<Math.pow(this.settings.tapMoveTolerance,2))if(this.lastTap&&Date.now()-this.lastTap.time<this.settings.doubleClickTimeout){var d=Un(t,this.lastTouches,this.container);if(this.emit("doubletap",d),this.lastTap=null,!d.sigmaDefaultPrevented&&this.settings.gestureTarget!=="page"){var c=this.renderer.getCamera(),h=c.getBoundedRatio(c.getState().ratio/this.settings.doubleClickZoomingRatio);c.animate(this.renderer.getViewportZoomedState(s,h),{easing:"quadraticInOut",duration:this.settings.doubleClickZoomingDuration})}}else{var f=Un(t,this.lastTouches,this.container);this.emit("tap",f),this.lastTap={time:Date.now(),position:f.touches[0]||f.previousTouches[0]}}}this.lastTouches=Ha(t.touches),this.startTouchesPositions=[]}}},{key:"handleMove",value:function(t){var r=this;if(!(!this.enabled||!this.startTouchesPositions.length)){var i=this.doesCapture(t.touches.length);i&&t.preventDefault();var o=Ha(t.touches),s=o.map(function(D){return Me(D,r.container)}),l=this.lastTouches;this.lastTouches=o,this.lastTouchesPositions=s;var u=Un(t,l,this.container);if(this.emit("touchmove",u),!u.sigmaDefaultPrevented&&(this.hasMoved||(this.hasMoved=s.some(function(D,q){var j=r.startTouchesPositions[q];return j&&(D.x!==j.x||D.y!==j.y)})),!!this.hasMoved)){if(!i){this.settings.gestureTarget==="shared"&&this.renderer._showGestureHint("touch");return}this.isMoving=!0,this.syncStageFlags(),this.movingTimeout&&clearTimeout(this.movingTimeout),this.movingTimeout=window.setTimeout(function(){r.isMoving=!1},this.settings.dragTimeout);var d=this.renderer.getCamera(),c=this.startCameraState,h=this.renderer.getSetting("stagePadding");switch(this.touchMode){case 1:{var f=this.renderer.viewportToFramedGraph((this.startTouchesPositions||[])[0]),g=f.x,p=f.y,m=this.renderer.viewportToFramedGraph(s[0]),v=m.x,y=m.y;d.setState({x:c.x+g-v,y:c.y+p-y});break}case 2:{var b={x:.5,y:.5,angle:0,ratio:1},x=s[0],_=x.x,E=x.y,w=s[1],A=w.x,S=w.y,L=Math.atan2(S-E,A-_)-this.startTouchesAngle,G=Math.hypot(S-E,A-_)/this.startTouchesDistance,C=d.getBoundedRatio(c.ratio/G);b.ratio=C,b.angle=c.angle+L;var N=this.getDimensions(),k=this.renderer.viewportToFramedGraph((this.startTouchesPositions||[])[0],{cameraState:c}),I=Math.min(N.width,N.height)-2*h,W=I/N.width,P=I/N.height,T=C/I,F=_-I/2/W,M=E-I/2/P,z=gr({x:F,y:M},b.angle);F=z.x,M=z.y,b.x=k.x-F*T,b.y=k.y+M*T,d.setState(b);break}}}}}},{key:"setSettings",value:function(t){this.settings=t}}])})(Is),of=(function(){function n(a,e,t,r){ne(this,n),R(this,"pendingNode",null),R(this,"session",null),this.graph=a,this.viewportToGraph=e,this.setNodesState=t,this.emit=r}return ae(n,[{key:"start",value:function(e,t,r,i,o){var s=r(e),l=!1;if(this.emit("nodeDragStart",{node:e,allDraggedNodes:s,event:t,preventSigmaDefault:function(){l=!0}}),l)return!1;var u=new Map,d=U(s),c;try{for(d.s();!(c=d.n()).done;){var h=c.value;u.set(h,{x:this.graph.getNodeAttribute(h,i),y:this.graph.getNodeAttribute(h,o)})}}catch(f){d.e(f)}finally{d.f()}return this.session={node:e,allNodes:s,startPosition:this.viewportToGraph(t),startNodePositions:u,xAttr:i,yAttr:o},this.setNodesState(s,{isDragged:!0}),!0}},{key:"applyMove",value:function(e,t){var r=this.session,i=r.allNodes,o=r.startNodePositions,s=r.startPosition,l=r.xAttr,u=r.yAttr,d=this.viewportToGraph(e),c={x:d.x-s.x,y:d.y-s.y},h=U(i),f;try{for(h.s();!(f=h.n()).done;){var g=f.value,p=o.get(g);if(!(!p||!this.graph.hasNode(g))){var m={x:p.x+c.x,y:p.y+c.y};t?this.graph.mergeNodeAttributes(g,t(m,g)):(this.graph.setNodeAttribute(g,l,m.x),this.graph.setNodeAttribute(g,u,m.y))}}}catch(v){h.e(v)}finally{h.f()}}},{key:"end",value:function(){if(this.pendingNode=null,!this.session)return null;var e=this.session,t=e.node,r=e.allNodes;return this.setNodesState(r,{isDragged:!1}),this.session=null,{node:t,allNodes:r}}},{key:"removeNode",value:function(e){e===this.pendingNode&&(this.pendingNode=null),this.session&&(this.session.node===e?(this.setNodesState(this.session.allNodes,{isDragged:!1}),this.session=null):this.session.allNodes.includes(e)&&(this.session.allNodes=this.session.allNodes.filter(function(t){return t!==e}),this.session.startNodePositions.delete(e)))}},{key:"clear",value:function(){this.pendingNode=null,this.session=null}}])})();function ys(n,a){return n<a?"".concat(n,"\0").concat(a):"".concat(a,"\0").concat(n)}var sf=(function(){function n(a,e){ne(this,n),R(this,"groups",new Map),R(this,"edgeToGroupKey",new Map),this.graph=a,this.onGroupChanged=e}return ae(n,[{key:"getGroupKey",value:function(e){return ys(this.graph.source(e),this.graph.target(e))}},{key:"sortGroup",value:function(e,t){var r=this,i=t.split("\0")[0];e.sort(function(o,s){var l=r.graph.source(o)===i||!r.graph.isDirected(o)?0:1,u=r.graph.source(s)===i||!r.graph.isDirected(s)?0:1;return l-u})}},{key:"register",value:function(e){var t=this.getGroupKey(e),r=this.groups.get(t);r||(r=[],this.groups.set(t,r)),r.includes(e)||r.push(e),this.edgeToGroupKey.set(e,t),r.length>1&&this.sortGroup(r,t),this.onGroupChanged(r,r.length)}},{key:"unregister",value:function(e){var t=this.edgeToGroupKey.get(e);if(t){this.edgeToGroupKey.delete(e);var r=this.groups.get(t);if(r){var i=r.indexOf(e);i!==-1&&r.splice(i,1),r.length===0?this.groups.delete(t):this.onGroupChanged(r,r.length)}}}},{key:"getGroup",value:function(e){var t,r=this.edgeToGroupKey.get(e);return r?(t=this.groups.get(r))!==null&&t!==void 0?t:[]:[]}},{key:"getSiblings",value:function(e){return this.getGroup(e).filter(function(t){return t!==e})}},{key:"rebuild",value:function(){var e=this;this.groups.clear(),this.edgeToGroupKey.clear(),this.graph.forEachEdge(function(l,u,d,c){var h=ys(d,c),f=e.groups.get(h);f||(f=[],e.groups.set(h,f)),f.push(l),e.edgeToGroupKey.set(l,h)});var t=U(this.groups),r;try{for(t.s();!(r=t.n()).done;){var i=oe(r.value,2),o=i[0],s=i[1];s.length>1&&this.sortGroup(s,o),this.onGroupChanged(s,s.length)}}catch(l){t.e(l)}finally{t.f()}}},{key:"clear",value:function(){this.groups.clear(),this.edgeToGroupKey.clear()}}])})();function bs(n,a){var e;if(n===!1||n==="extend"||n==="separate")return n;var t=n[a];return t!==void 0?t:(e=n.default)!==null&&e!==void 0?e:!1}function _s(n){return n===!1?!1:n==="extend"||n==="separate"?!0:Object.values(n).some(function(a){return a==="extend"||a==="separate"})}function xs(n){return n==="separate"?!0:n===!1||n==="extend"?!1:n.default==="separate"?!0:Object.values(n).includes("separate")}var Ie={node:{parent:null,eventSuffix:"Node",payloadKey:"node",isEnabled:function(){return!0},writesPickingThisFrame:function(){return!0},setHover:function(a,e,t){return a.setNodeState(e,{isHovered:t})},getCursor:function(a,e){var t;return(t=a.nodeDataCache[e])===null||t===void 0?void 0:t.cursor},isHitValid:function(a,e){var t;return((t=a.nodeDataCache[e])===null||t===void 0?void 0:t.visibility)!=="hidden"}},edge:{parent:null,eventSuffix:"Edge",payloadKey:"edge",isEnabled:function(a){return!!a.settings.enableEdgeEvents},writesPickingThisFrame:function(a){return!!a.settings.enableEdgeEvents},setHover:function(a,e,t){return a.setEdgeState(e,{isHovered:t})},getCursor:function(a,e){var t;return(t=a.edgeDataCache[e])===null||t===void 0?void 0:t.cursor}},nodeLabel:{parent:"node",eventSuffix:"NodeLabel",payloadKey:"node",isEnabled:function(a){return xs(a.settings.nodeLabelEvents)},writesPickingThisFrame:function(a){return _s(a.settings.nodeLabelEvents)},setHover:function(a,e,t){return a.setNodeState(e,{isLabelHovered:t})},getCursor:function(a,e){var t;return(t=a.nodeDataCache[e])===null||t===void 0?void 0:t.labelCursor},resolveForVerb:function(a,e,t){var r=bs(t.settings.nodeLabelEvents,e);return r===!1?null:r==="extend"?{kind:"node",key:a.key}:a}},edgeLabel:{parent:"edge",eventSuffix:"EdgeLabel",payloadKey:"edge",isEnabled:function(a){return xs(a.settings.edgeLabelEvents)},writesPickingThisFrame:function(a){return _s(a.settings.edgeLabelEvents)},setHover:function(a,e,t){return a.setEdgeState(e,{isLabelHovered:t})},getCursor:function(a,e){var t;return(t=a.edgeDataCache[e])===null||t===void 0?void 0:t.labelCursor},resolveForVerb:function(a,e,t){var r=bs(t.settings.edgeLabelEvents,e);return r===!1?null:r==="extend"?{kind:"edge",key:a.key}:a}}},Vt=["node","edge","nodeLabel","edgeLabel"];function lf(){return{lookup:[null],idsByKind:{node:new Map,edge:new Map,nodeLabel:new Map,edgeLabel:new Map},nextId:1}}function $t(n,a,e){var t;return(t=n.idsByKind[a].get(e))!==null&&t!==void 0?t:0}function ti(n,a){var e=U(Vt),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;if(r===a||Ie[r].parent===a){var i=U(n.idsByKind[r].values()),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;n.lookup[s]=null}}catch(h){i.e(h)}finally{i.f()}n.idsByKind[r]=new Map}}}catch(h){e.e(h)}finally{e.f()}var l=1,u=U(Vt),d;try{for(u.s();!(d=u.n()).done;){var c=d.value;if(c===a)break;l+=n.idsByKind[c].size}}catch(h){u.e(h)}finally{u.f()}n.nextId=l}function Ts(n,a,e){var t=n.nextId++;return n.idsByKind[a].set(e,t),n.lookup[t]={kind:a,key:e},t}function uf(n,a){var e=U(Vt),t;try{for(e.s();!(t=e.n()).done;){var r=t.value;if(Ie[r].parent!==null){var i=U(n.idsByKind[r].values()),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;n.lookup[s]=null}}catch(_){i.e(_)}finally{i.f()}n.idsByKind[r]=new Map}}}catch(_){e.e(_)}finally{e.f()}n.nextId=1;var l=U(Vt),u;try{for(l.s();!(u=l.n()).done;){var d=u.value;if(Ie[d].parent===null){var c=U(n.idsByKind[d].values()),h;try{for(c.s();!(h=c.n()).done;){var f=h.value;f>=n.nextId&&(n.nextId=f+1)}}catch(_){c.e(_)}finally{c.f()}}}}catch(_){l.e(_)}finally{l.f()}var g=U(Vt),p;try{for(g.s();!(p=g.n()).done;){var m=p.value,v=Ie[m];if(!(v.parent===null||!v.isEnabled(a))){var y=U(n.idsByKind[v.parent].keys()),b;try{for(y.s();!(b=y.n()).done;){var x=b.value;n.idsByKind[m].set(x,n.nextId),n.lookup[n.nextId]={kind:m,key:x},n.nextId++}}catch(_){y.e(_)}finally{y.f()}}}}catch(_){g.e(_)}finally{g.f()}}function df(n,a){var e=U(Vt),t;try{for(e.s();!(t=e.n()).done;){var r=t.value,i=n[r],o=a[r];if(i!==o){if(i.size!==o.size)return!1;var s=U(i),l;try{for(s.s();!(l=s.n()).done;){var u=oe(l.value,2),d=u[0],c=u[1];if(o.get(d)!==c)return!1}}catch(h){s.e(h)}finally{s.f()}}}}catch(h){e.e(h)}finally{e.f()}return!0}function Es(n,a,e){Ie[a.kind].setHover(n,a.key,e)}function cf(n,a){return Ie[a.kind].getCursor(n,a.key)}function $n(n,a){return"".concat(a).concat(Ie[n].eventSuffix)}function Vn(n,a){return $($({},a),{},R({},Ie[n.kind].payloadKey,n.key))}function hf(n,a,e){var t=Ie[a.kind].resolveForVerb;return t?t(a,e,n):a}function ff(n,a){var e=Ie[a.kind].isHitValid;return e?e(n,a.key):!0}function ni(n){return Vt.filter(function(a){return a===n||Ie[a].parent===n})}function Fs(n,a,e){return a&&(a=hf(n,a,e)),a&&!ff(n,a)&&(a=null),a}function ai(n,a,e){var t=e==="wheel"?n.stateManager.hovered:n.getHitAtPosition(a);return Fs(n,t,e)}function gf(n,a){return!n||!a?n===a:n.kind===a.kind&&n.key===a.key}function Gs(n,a,e){var t={event:e,preventSigmaDefault:function(){return e.preventSigmaDefault()}},r=n.dragManager.session,i=r?{kind:"node",key:r.node}:Fs(n,a,"enter"),o=n.stateManager,s=o.hovered;gf(s,i)||(s&&(Es(n,s,!1),n.emit($n(s.kind,"leave"),Vn(s,t))),o.setHovered(i),i&&(Es(n,i,!0),n.emit($n(i.kind,"enter"),Vn(i,t))),n.updateContainerCursor())}function vf(n,a,e,t){t.handleResize=function(){return n.scheduleRefresh()},window.addEventListener("resize",t.handleResize),t.handleMove=function(i){n.hoverResolver.pointerMoved(Ut(i))},t.handleMoveBody=function(i){var o=Ut(i),s=n.dragManager;if(s.pendingNode&&!s.session){var l=n.nodeStyleAnalysis,u=l.xAttribute,d=l.yAttribute,c=n.settings;s.start(s.pendingNode,o,c.getDraggedNodes,u||"x",d||"y"),s.pendingNode=null}s.session&&(s.applyMove(o,n.settings.dragPositionToAttributes),n.emit("nodeDrag",{node:s.session.node,allDraggedNodes:s.session.allNodes,event:o}),o.preventSigmaDefault()),n.emit("moveBody",{event:o,preventSigmaDefault:function(){return o.preventSigmaDefault()}})},t.handleLeave=function(i){var o=Ut(i),s={event:o,preventSigmaDefault:function(){return o.preventSigmaDefault()}};n.hoverResolver.pointerLeft(),Gs(n,null,o),n.emit("leaveStage",s)},t.handleEnter=function(i){var o=Ut(i);n.emit("enterStage",{event:o,preventSigmaDefault:function(){return o.preventSigmaDefault()}})};var r=function(o){return function(s){var l=Ut(s),u={event:l,preventSigmaDefault:function(){return l.preventSigmaDefault()}},d=ai(n,l,o);if(d){n.emit($n(d.kind,o),Vn(d,u));return}n.emit("".concat(o,"Stage"),u)}};t.handleClick=r("click"),t.handleRightClick=r("rightClick"),t.handleDoubleClick=r("doubleClick"),t.handleWheel=r("wheel"),t.handleDown=function(i){var o=Ut(i),s={event:o,preventSigmaDefault:function(){return o.preventSigmaDefault()}},l=ai(n,o,"down");if(l){l.kind==="node"&&n.settings.enableNodeDrag&&(n.dragManager.pendingNode=l.key),n.emit($n(l.kind,"down"),Vn(l,s));return}n.emit("downStage",s)},t.handleUp=function(i){var o=Ut(i),s={event:o,preventSigmaDefault:function(){return o.preventSigmaDefault()}},l=n.dragManager.end();l&&n.emit("nodeDragEnd",$({node:l.node,allDraggedNodes:l.allNodes},s));var u=ai(n,o,"up");if(u){n.emit($n(u.kind,"up"),Vn(u,s));return}n.emit("upStage",s)},a.on("mousemove",t.handleMove),a.on("mousemovebody",t.handleMoveBody),a.on("click",t.handleClick),a.on("rightClick",t.handleRightClick),a.on("doubleClick",t.handleDoubleClick),a.on("wheel",t.handleWheel),a.on("mousedown",t.handleDown),a.on("mouseup",t.handleUp),a.on("mouseleave",t.handleLeave),a.on("mouseenter",t.handleEnter),e.on("touchdown",t.handleDown),e.on("touchdown",t.handleMove),e.on("touchup",t.handleUp),e.on("touchmove",t.handleMove),e.on("tap",t.handleClick),e.on("doubletap",t.handleDoubleClick),e.on("touchmove",t.handleMoveBody)}function pf(n,a){var e=n.graph,t=new Set(["x","y","zIndex","type"]);a.eachNodeAttributesUpdatedGraphUpdate=function(r){var i,o=(i=r.hints)===null||i===void 0?void 0:i.attributes,s=!o||o.some(function(l){return t.has(l)});n.refresh({partialGraph:{nodes:e.nodes()},skipIndexation:!s,schedule:!0})},a.eachEdgeAttributesUpdatedGraphUpdate=function(r){var i,o=(i=r.hints)===null||i===void 0?void 0:i.attributes,s=o&&["zIndex","type"].some(function(l){return o?.includes(l)});n.refresh({partialGraph:{edges:e.edges()},skipIndexation:!s,schedule:!0})},a.addNodeGraphUpdate=function(r){n.addNode(r.key),n.refresh({partialGraph:{nodes:[r.key]},skipIndexation:!1,schedule:!0})},a.updateNodeGraphUpdate=function(r){n.refresh({partialGraph:{nodes:[r.key]},skipIndexation:!1,schedule:!0})},a.dropNodeGraphUpdate=function(r){n.removeNode(r.key),n.refresh({schedule:!0})},a.addEdgeGraphUpdate=function(r){var i=r.key;n.edgeGroups.register(i),n.addEdge(i);var o=n.edgeGroups.getSiblings(i),s=U(o),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;n.addEdge(u)}}catch(d){s.e(d)}finally{s.f()}n.refresh({partialGraph:{edges:[i].concat(Q(o))},schedule:!0})},a.updateEdgeGraphUpdate=function(r){n.refresh({partialGraph:{edges:[r.key]},skipIndexation:!1,schedule:!0})},a.dropEdgeGraphUpdate=function(r){var i=r.key,o=n.edgeGroups.getSiblings(i);n.edgeGroups.unregister(i),n.removeEdge(i);var s=U(o),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;n.addEdge(u)}}catch(d){s.e(d)}finally{s.f()}n.refresh({schedule:!0})},a.clearEdgesGraphUpdate=function(){n.clearEdgeState(),n.clearEdgeIndices(),n.refresh({schedule:!0})},a.clearGraphUpdate=function(){n.clearEdgeState(),n.clearNodeState(),n.clearEdgeIndices(),n.clearNodeIndices(),n.refresh({schedule:!0})},e.on("nodeAdded",a.addNodeGraphUpdate),e.on("nodeDropped",a.dropNodeGraphUpdate),e.on("nodeAttributesUpdated",a.updateNodeGraphUpdate),e.on("eachNodeAttributesUpdated",a.eachNodeAttributesUpdatedGraphUpdate),e.on("edgeAdded",a.addEdgeGraphUpdate),e.on("edgeDropped",a.dropEdgeGraphUpdate),e.on("edgeAttributesUpdated",a.updateEdgeGraphUpdate),e.on("eachEdgeAttributesUpdated",a.eachEdgeAttributesUpdatedGraphUpdate),e.on("edgesCleared",a.clearEdgesGraphUpdate),e.on("cleared",a.clearGraphUpdate)}function mf(n,a){n.removeListener("nodeAdded",a.addNodeGraphUpdate),n.removeListener("nodeDropped",a.dropNodeGraphUpdate),n.removeListener("nodeAttributesUpdated",a.updateNodeGraphUpdate),n.removeListener("eachNodeAttributesUpdated",a.eachNodeAttributesUpdatedGraphUpdate),n.removeListener("edgeAdded",a.addEdgeGraphUpdate),n.removeListener("edgeDropped",a.dropEdgeGraphUpdate),n.removeListener("edgeAttributesUpdated",a.updateEdgeGraphUpdate),n.removeListener("eachEdgeAttributesUpdated",a.eachEdgeAttributesUpdatedGraphUpdate),n.removeListener("edgesCleared",a.clearEdgesGraphUpdate),n.removeListener("cleared",a.clearGraphUpdate)}var yf={x:.5,y:.5,angle:0,ratio:1},bf=8,_f=.001;function xf(n){var a=n.coords,e=n.nodeData,t=n.dimensions,r=n.stagePadding,i=n.zoomToSizeRatioFunction,o=n.itemSizesReference,s=n.fitLabels,l=n.nodeLabelBox,u=Object.keys(a);if(!u.length)return n.extent;for(var d=i(1)||1,c=o==="positions",h=t.width,f=t.height,g=n.extent,p=0;p<bf;p++){for(var m=wa(g),v={width:g.x[1]-g.x[0]||1,height:g.y[1]-g.y[0]||1},y=bt(yf,t,v,r),b=Ss(y,m({x:0,y:0}),h,f),x=Ss(y,m({x:1,y:0}),h,f),_=Math.hypot(x.x-b.x,x.y-b.y)||1,E=1/0,w=-1/0,A=1/0,S=-1/0,L=0,G=u.length;L<G;L++){var C=u[L],N=e[C],k=N.size/d*(c?_:1),I=-k,W=k,P=-k,T=k;if(s){var F=l(N,k);F&&(F.minX<I&&(I=F.minX),F.maxX>W&&(W=F.maxX),F.minY<P&&(P=F.minY),F.maxY>T&&(T=F.maxY))}var M=a[C],z=M.x,D=M.y;E=Math.min(E,z+I/_),w=Math.max(w,z+W/_),A=Math.min(A,D-T/_),S=Math.max(S,D-P/_)}var q={x:[E,w],y:[A,S]},j=Math.max(q.x[1]-q.x[0],q.y[1]-q.y[0])||1,Z=Math.max(Math.abs(q.x[0]-g.x[0]),Math.abs(q.x[1]-g.x[1]),Math.abs(q.y[0]-g.y[0]),Math.abs(q.y[1]-g.y[1]));if(g=q,Z/j<_f)break}return g}function Ss(n,a,e,t){var r=rn(n,a);return{x:(1+r.x)*e/2,y:(1-r.y)*t/2}}var Tf=typeof navigator<"u"&&/Mac|iP(hone|ad|od)/.test(navigator.platform),Ef=1500,Sf=`.sigma-gesture-hint {
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
}`;function ws(n){var a,e,t=cn("style");t.textContent=n,document.head.appendChild(t);var r=((a=(e=t.sheet)===null||e===void 0?void 0:e.cssRules.length)!==null&&a!==void 0?a:0)>0;return t.remove(),r}var Ht=null;function wf(){return Ht===null&&(Ht=Sf,ws("@scope {}")&&(Ht=`@scope {
`.concat(Ht,`
}`)),ws("@layer sigma-gesture-hint {}")&&(Ht=`@layer sigma-gesture-hint {
`.concat(Ht,`
}`))),Ht}var Af=(function(){function n(a){ne(this,n),R(this,"hideTimeout",null),this.styleElement=cn("style"),this.styleElement.textContent=wf(),a.appendChild(this.styleElement),this.element=cn("div",{opacity:"0"},{class:"sigma-gesture-hint"}),a.appendChild(this.element)}return ae(n,[{key:"show",value:function(e,t){var r=this,i=e==="touch"?t.sharedGestureTouchMessage:Tf?t.sharedGestureAppleWheelMessage:t.sharedGestureWheelMessage;i&&(this.element.textContent=i,this.element.style.opacity="1",typeof this.hideTimeout=="number"&&clearTimeout(this.hideTimeout),this.hideTimeout=window.setTimeout(function(){r.hideTimeout=null,r.element.style.opacity="0"},Ef))}},{key:"kill",value:function(){typeof this.hideTimeout=="number"&&clearTimeout(this.hideTimeout),this.styleElement.remove(),this.element.remove()}}])})(),Rf=(function(){function n(a){ne(this,n),R(this,"readBuffer",null),R(this,"fence",null),R(this,"result",new Uint8Array(4)),R(this,"generation",0),R(this,"readGeneration",0),R(this,"lastEvent",null),R(this,"active",!1),R(this,"dirty",!1),R(this,"rafId",null),R(this,"killed",!1),this.options=a}return ae(n,[{key:"pointerMoved",value:function(e){this.lastEvent=e,this.active=!0,!this.options.isRenderPending()&&this.request()}},{key:"pointerLeft",value:function(){this.active=!1,this.dirty=!1}},{key:"frameRendered",value:function(){this.request()}},{key:"invalidate",value:function(){this.generation++}},{key:"request",value:function(){if(!(this.killed||!this.active||!this.lastEvent)){if(this.fence){this.dirty=!0;return}this.startRead()}}},{key:"startRead",value:function(){var e=this.options,t=e.gl,r=e.getFrameBuffer,i=e.getPixelRatio,o=e.getDownSizingRatio;this.readGeneration=this.generation;var s=this.lastEvent,l=vr(t,s.x,s.y,i(),o()),u=oe(l,2),d=u[0],c=u[1];this.readBuffer||(this.readBuffer=t.createBuffer()),t.bindFramebuffer(t.FRAMEBUFFER,r()),t.bindBuffer(t.PIXEL_PACK_BUFFER,this.readBuffer),t.bufferData(t.PIXEL_PACK_BUFFER,4,t.STREAM_READ),t.readPixels(d,c,1,1,t.RGBA,t.UNSIGNED_BYTE,0),t.bindBuffer(t.PIXEL_PACK_BUFFER,null),t.bindFramebuffer(t.FRAMEBUFFER,null),this.fence=t.fenceSync(t.SYNC_GPU_COMMANDS_COMPLETE,0),t.flush(),this.schedulePoll(s)}},{key:"schedulePoll",value:function(e){var t=this;this.rafId=requestAnimationFrame(function(){t.rafId=null,t.poll(e)})}},{key:"poll",value:function(e){var t=this.options,r=t.gl,i=t.onIndex;if(!(this.killed||!this.fence)){var o=r.clientWaitSync(this.fence,0,0);if(o===r.TIMEOUT_EXPIRED){this.schedulePoll(e);return}if(r.deleteSync(this.fence),this.fence=null,o!==r.WAIT_FAILED&&this.readGeneration===this.generation){r.bindBuffer(r.PIXEL_PACK_BUFFER,this.readBuffer),r.getBufferSubData(r.PIXEL_PACK_BUFFER,0,this.result),r.bindBuffer(r.PIXEL_PACK_BUFFER,null);var s=oe(this.result,4),l=s[0],u=s[1],d=s[2],c=s[3];this.active&&i(pr(l,u,d,c),e)}this.dirty&&(this.dirty=!1,this.active&&this.lastEvent&&!this.options.isRenderPending()&&this.startRead())}}},{key:"reset",value:function(){this.rafId!==null&&cancelAnimationFrame(this.rafId),this.rafId=null,this.fence=null,this.readBuffer=null,this.dirty=!1}},{key:"kill",value:function(){this.killed=!0,this.rafId!==null&&cancelAnimationFrame(this.rafId),this.rafId=null;var e=this.options.gl;this.fence&&e.deleteSync(this.fence),this.fence=null,this.readBuffer&&e.deleteBuffer(this.readBuffer),this.readBuffer=null}}])})(),As=(function(){function n(a,e){ne(this,n),this.key=a,this.size=e}return ae(n,null,[{key:"compare",value:function(e,t){return e.size>t.size?-1:e.size<t.size||e.key>t.key?1:-1}}])})(),Ua=(function(){function n(){ne(this,n),R(this,"width",0),R(this,"height",0),R(this,"cellSize",0),R(this,"columns",0),R(this,"rows",0),R(this,"cells",{})}return ae(n,[{key:"resizeAndClear",value:function(e,t){this.width=e.width,this.height=e.height,this.cellSize=t,this.columns=Math.ceil(e.width/t),this.rows=Math.ceil(e.height/t),this.cells={}}},{key:"getIndex",value:function(e){var t=Math.floor(e.x/this.cellSize),r=Math.floor(e.y/this.cellSize);return r*this.columns+t}},{key:"add",value:function(e,t,r){var i=new As(e,t),o=this.getIndex(r),s=this.cells[o];s||(s=[],this.cells[o]=s),s.push(i)}},{key:"organize",value:function(){for(var e in this.cells){var t=this.cells[e];t.sort(As.compare)}}},{key:"getLabelsToDisplay",value:function(e,t,r){var i=this.cellSize*this.cellSize,o=i/e/e,s=o*t/i,l=Math.ceil(s),u=[];if(r)for(var d=Math.max(0,Math.floor(r.x1/this.cellSize)),c=Math.min(this.columns-1,Math.floor(r.x2/this.cellSize)),h=Math.max(0,Math.floor(r.y1/this.cellSize)),f=Math.min(this.rows-1,Math.floor(r.y2/this.cellSize)),g=h;g<=f;g++)for(var p=d;p<=c;p++){var m=g*this.columns+p,v=this.cells[m];if(v)for(var y=0;y<Math.min(l,v.length);y++)u.push(v[y].key)}else for(var b in this.cells)for(var x=this.cells[b],_=0;_<Math.min(l,x.length);_++)u.push(x[_].key);return u}}])})();function Df(n){var a=n.graph,e=n.hoveredNode,t=n.highlightedNodes,r=n.displayedNodeLabels,i=new Set,o=new Set(t);e&&o.add(e);var s=U(o),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;a.hasNode(u)&&a.forEachEdge(u,function(f){i.add(f)})}}catch(f){s.e(f)}finally{s.f()}var d=U(r),c;try{var h=function(){var g=c.value;if(o.has(g))return 1;a.forEachEdge(g,function(p,m,v,y){var b=v===g?y:v;r.has(b)&&i.add(p)})};for(d.s();!(c=d.n()).done;)h()}catch(f){d.e(f)}finally{d.f()}return Array.from(i)}var bn=150,_n=50,Lf={both:0,node:1,label:2},Cf={over:0,above:1,below:2,auto:3},Rs=12,kf=3,Pf=(function(){function n(a){ne(this,n),R(this,"labelGrid",new Ua),R(this,"edgeAnchorGrid",new Ua),R(this,"displayedNodeLabels",new Set),R(this,"displayedEdgeLabels",new Set),R(this,"edgeLabelCandidates",[]),R(this,"renderedNodeLabels",new Set),R(this,"labelSizeCache",new Map),R(this,"framePassPoints",new Float32Array(0)),R(this,"labelsDirty",!0),this.internals=a}return ae(n,[{key:"resetFrame",value:function(){this.displayedNodeLabels=new Set,this.renderedNodeLabels=new Set,this.labelSizeCache.clear()}},{key:"clearEdgeLabels",value:function(){this.displayedEdgeLabels=new Set}},{key:"resetLabelGrid",value:function(){this.labelGrid=new Ua,this.edgeAnchorGrid=new Ua}},{key:"processWebGLLabels",value:function(e){for(var t,r=this.internals,i=r.labelProgram,o=r.primitives,s=r.nodeDataCache,l=(o==null||(t=o.nodes)===null||t===void 0||(t=t.label)===null||t===void 0||(t=t.font)===null||t===void 0?void 0:t.family)||"sans-serif",u=new Map,d=0,c=e.length;d<c;d++){var h=e[d],f=s[h];if(!(f.visibility==="hidden"||!f.label)){var g=f.labelFont||l,p=u.get(g);p?p.push(f.label):u.set(g,[f.label])}}var m=U(u),v;try{for(m.s();!(v=m.n()).done;){var y=oe(v.value,2),b=y[0],x=y[1],_=Da(b),E=_.family,w=_.weight,A=_.style,S=i.registerFont(E,w,A);i.ensureGlyphsReady(x,S)}}catch(L){m.e(L)}finally{m.f()}}},{key:"measureNodeLabel",value:function(e){var t,r;if(!e.label)return{width:0,height:0,textHeight:0};var i=this.internals,o=i.labelProgram,s=i.primitives,l=(t=e.labelSize)!==null&&t!==void 0?t:14,u=e.labelFont||(s==null||(r=s.nodes)===null||r===void 0||(r=r.label)===null||r===void 0||(r=r.font)===null||r===void 0?void 0:r.family)||"sans-serif",d="".concat(e.label,"|").concat(l,"|").concat(u);if(this.labelSizeCache.has(d))return this.labelSizeCache.get(d);var c=Da(u),h=c.family,f=c.weight,g=c.style,p=o.registerFont(h,f,g),m=o.measureLabel(e.label,l,p);return this.labelSizeCache.set(d,m),m}},{key:"nodeLabelBox",value:function(e,t){var r,i,o,s,l;if(e.visibility==="hidden"||e.labelVisibility==="hidden")return null;var u=this.measureNodeLabel(e),d=u.width,c=u.height,h=u.textHeight;if(!d)return null;var f=(r=(i=this.internals.primitives)===null||i===void 0||(i=i.nodes)===null||i===void 0||(i=i.label)===null||i===void 0?void 0:i.margin)!==null&&r!==void 0?r:gn,g=t+f,p=e.labelBackgroundColor?(o=e.labelBackgroundPadding)!==null&&o!==void 0?o:Hr:0,m=d/2,v=c/2,y=m+p,b=v+p,x=h/2,_=0,E=0;switch((s=e.labelPosition)!==null&&s!==void 0?s:"right"){case"left":_=-(g+m);break;case"above":E=-(g+x);break;case"below":E=g+x;break;case"over":break;default:_=g+m}var w=(l=e.labelAngle)!==null&&l!==void 0?l:0,A=gr({x:_,y:E},w),S=A.x,L=A.y,G=Math.abs(Math.cos(w)),C=Math.abs(Math.sin(w)),N=G*y+C*b,k=C*y+G*b;return{minX:S-N,maxX:S+N,minY:L-k,maxY:L+k}}},{key:"computeDisplayedNodeLabels",value:function(){var e=this.internals.getCameraState(),t=this.internals.getDimensions(),r=t.width,i=t.height,o=this.internals.viewportToFramedGraph({x:-bn,y:-_n}),s=this.internals.viewportToFramedGraph({x:r+bn,y:-_n}),l=this.internals.viewportToFramedGraph({x:-bn,y:i+_n}),u=this.internals.viewportToFramedGraph({x:r+bn,y:i+_n}),d=Math.min(o.x,s.x,l.x,u.x),c=Math.max(o.x,s.x,l.x,u.x),h=Math.min(o.y,s.y,l.y,u.y),f=Math.max(o.y,s.y,l.y,u.y),g=bt({x:.5,y:.5,ratio:1,angle:0},{width:r,height:i},this.internals.getGraphDimensions(),this.internals.getStagePadding()),p=function(F){var M=rn(g,F);return{x:(1+M.x)*r/2,y:(1-M.y)*i/2}},m=p({x:d,y:h}),v=p({x:c,y:h}),y=p({x:d,y:f}),b=p({x:c,y:f}),x={x1:Math.min(m.x,v.x,y.x,b.x),y1:Math.min(m.y,v.y,y.y,b.y),x2:Math.max(m.x,v.x,y.x,b.x),y2:Math.max(m.y,v.y,y.y,b.y)},_=this.internals,E=_.settings,w=_.nodeDataCache,A=_.nodesWithForcedLabels,S=this.labelGrid.getLabelsToDisplay(e.ratio,E.labelDensity,x);Ir(S,A);for(var L=0,G=S.length;L<G;L++){var C=S[L],N=w[C];if(!this.displayedNodeLabels.has(C)&&!(N.visibility==="hidden"||N.labelVisibility==="hidden")&&N.label&&!(N.x<d||N.x>c||N.y<h||N.y>f)){var k=this.internals.framedGraphToViewport(N),I=k.x,W=k.y,P=this.internals.scaleSize(N.size);!Tt(N)&&P<E.labelRenderedSizeThreshold||I<-bn-P||I>r+bn+P||W<-_n-P||W>i+_n+P||this.displayedNodeLabels.add(C)}}}},{key:"buildFramePassPoints",value:function(){var e=this.internals,t=e.nodeDataCache,r=e.nodeDataTexture;if(!r)return{data:this.framePassPoints,count:0};var i=this.displayedNodeLabels.size*3;this.framePassPoints.length<i&&(this.framePassPoints=new Float32Array(i));var o=this.framePassPoints,s=0,l=U(this.displayedNodeLabels),u;try{for(l.s();!(u=l.n()).done;){var d,c,h=u.value,f=t[h];if(f){var g=r.getIndex(h);g<0||(o[s*3]=g,o[s*3+1]=(d=fn[f.labelPosition||ft.labelPosition])!==null&&d!==void 0?d:0,o[s*3+2]=(c=f.labelAngle)!==null&&c!==void 0?c:0,s++)}}}catch(p){l.e(p)}finally{l.f()}return{data:o,count:s}}},{key:"renderWebGLLabels",value:function(e,t){var r=this.internals,i=r.nodeDataCache,o=r.labelProgram,s=r.primitives,l=r.nodeDataTexture,u=[],d=U(this.displayedNodeLabels),c;try{for(d.s();!(c=d.n()).done;){var h=c.value;if(!this.renderedNodeLabels.has(h)){var f=i[h];t&&f.labelDepth!==t||(this.renderedNodeLabels.add(h),u.push(h))}}}catch(ce){d.e(ce)}finally{d.f()}if(u.length!==0){if(this.labelsDirty){for(var g,p,m,v=0,y=0,b=u.length;y<b;y++){var x=i[u[y]];v+=x.label.length}o.reallocate(v);for(var _=14,E=(g=s==null||(p=s.nodes)===null||p===void 0||(p=p.label)===null||p===void 0?void 0:p.margin)!==null&&g!==void 0?g:gn,w=ft.labelPosition,A=(s==null||(m=s.nodes)===null||m===void 0||(m=m.label)===null||m===void 0||(m=m.font)===null||m===void 0?void 0:m.family)||"sans-serif",S=new Map,L=0,G=0,C=u.length;G<C;G++){var N,k,I,W,P=u[G],T=i[P],F=T.labelFont||A,M=S.get(F);if(M===void 0){var z=Da(F),D=z.family,q=z.weight,j=z.style;M=o.registerFont(D,q,j),S.set(F,M)}var Z={text:T.label,x:T.x,y:T.y,size:(N=T.labelSize)!==null&&N!==void 0?N:_,color:T.labelColor,nodeSize:T.size,margin:E,position:(k=T.labelPosition)!==null&&k!==void 0?k:w,hidden:!1,forceLabel:Tt(T),type:"default",zIndex:(I=T.zIndex)!==null&&I!==void 0?I:0,parentType:"node",parentKey:P,fontKey:M,labelAngle:(W=T.labelAngle)!==null&&W!==void 0?W:0,nodeIndex:l.getIndex(P)},De=o.processLabel(P,L,Z);L+=De}o.invalidateBuffers()}o.render(e)}}},{key:"renderBackdrops",value:function(e,t){var r=this.internals,i=r.backdropProgram,o=r.nodeDataCache,s=r.nodesWithBackdrop,l=r.attachmentManager,u=r.pixelRatio,d=r.nodeDataTexture,c=[],h=U(s),f;try{for(h.s();!(f=h.n()).done;){var g,p=f.value,m=o[p];if(!(!m||m.visibility==="hidden")&&!(t&&m.depth!==t)){var v=(g=d?.getIndex(p))!==null&&g!==void 0?g:-1;v<0||c.push({key:p,nodeIndex:v})}}}catch(Y){h.e(Y)}finally{h.f()}if(c.length!==0){i.reallocate(c.length);for(var y=0;y<c.length;y++){var b,x,_,E,w,A,S,L,G=c[y],C=G.key,N=G.nodeIndex,k=o[C],I=this.displayedNodeLabels.has(C),W=I?this.measureNodeLabel(k):{width:0,height:0,textHeight:0},P=W.textHeight,T=W.width,F=W.height,M=0,z=0;if(I&&k.labelAttachment&&l){var D=l.getEntry(C,k.labelAttachment);if(D){var q=k.labelAttachmentPlacement||"below";if(q==="below"||q==="above"){var j=D.height/u;F+=j+wt,T=Math.max(T,D.width/u),z=q==="below"?(j+wt)/2:-(j+wt)/2}else{var Z=D.width/u;T+=Z+wt,F=Math.max(F,D.height/u),M=q==="right"?(Z+wt)/2:-(Z+wt)/2}}}var De=k.backdropColor?_t(k.backdropColor):[255,255,255,255],ce=k.backdropShadowColor?_t(k.backdropShadowColor):[0,0,0,128],K=De.map(function(Y){return Y/255}),at=ce.map(function(Y){return Y/255}),Pe=(b=k.backdropShadowBlur)!==null&&b!==void 0?b:12,Ct=(x=k.backdropPadding)!==null&&x!==void 0?x:6,Ke=k.backdropBorderColor?_t(k.backdropBorderColor):[0,0,0,0],or=Ke.map(function(Y){return Y/255}),Xt=(_=k.backdropBorderWidth)!==null&&_!==void 0?_:0,pe=(E=k.backdropCornerRadius)!==null&&E!==void 0?E:0,se=(w=k.backdropLabelPadding)!==null&&w!==void 0?w:-1,le=se<0?Ct:se,Ze=(A=Lf[(S=k.backdropArea)!==null&&S!==void 0?S:"both"])!==null&&A!==void 0?A:0,te={key:C,nodeIndex:N,label:k.label,labelWidth:T,labelHeight:F,textHeight:P,type:"default",position:k.labelPosition||ft.labelPosition,labelAngle:(L=k.labelAngle)!==null&&L!==void 0?L:0,backdropColor:K,backdropShadowColor:at,backdropShadowBlur:Pe,backdropPadding:Ct,backdropBorderColor:or,backdropBorderWidth:Xt,backdropCornerRadius:pe,backdropLabelPadding:le,backdropArea:Ze,labelBoxOffset:[M,z]};i.processBackdrop(y,te)}i.invalidateBuffers(),i.render(e)}}},{key:"renderLabelBackgrounds",value:function(e,t){var r=this.internals,i=r.labelBackgroundProgram,o=r.nodeDataCache,s=r.nodeDataTexture,l=Ie.nodeLabel.writesPickingThisFrame(this.internals),u=[],d=U(this.displayedNodeLabels),c;try{for(d.s();!(c=d.n()).done;){var h=c.value,f=o[h];!f||f.visibility==="hidden"||t&&f.labelDepth!==t||!l&&!f.labelBackgroundColor||u.push(h)}}catch(N){d.e(N)}finally{d.f()}if(u.length!==0){i.reallocate(u.length);for(var g=0;g<u.length;g++){var p,m,v,y,b=u[g],x=o[b],_=(p=s?.getIndex(b))!==null&&p!==void 0?p:-1;if(!(_<0)){var E=this.measureNodeLabel(x),w=E.width,A=E.height,S=E.textHeight,L=$t(this.internals.pickingState,"nodeLabel",b)||$t(this.internals.pickingState,"node",b),G=x.labelBackgroundColor?je(x.labelBackgroundColor):je("transparent"),C={nodeIndex:_,id:on(L),color:G,labelWidth:w,labelHeight:A,textHeight:S,positionMode:(m=fn[x.labelPosition||ft.labelPosition])!==null&&m!==void 0?m:0,labelAngle:(v=x.labelAngle)!==null&&v!==void 0?v:0,padding:(y=x.labelBackgroundPadding)!==null&&y!==void 0?y:Hr};i.processLabelBackground(g,C)}}i.invalidateBuffers(),i.render(e)}}},{key:"cacheAttachments",value:function(e){var t=this.internals,r=t.attachmentManager,i=t.pixelRatio,o=t.nodeDataCache,s=t.nodesWithBackdrop,l=t.graph;if(r){var u=U(s),d;try{for(u.s();!(d=u.n()).done;){var c=d.value;if(this.displayedNodeLabels.has(c)){var h=o[c];if(!(!h||h.visibility==="hidden")&&!(e&&h.depth!==e)&&h.labelAttachment){var f=l.getNodeAttributes(c),g=this.measureNodeLabel(h),p=g.width,m=g.height,v={node:c,attributes:f,pixelRatio:i,labelWidth:p,labelHeight:m};r.renderAttachment(c,h.labelAttachment,v)}}}}catch(y){u.e(y)}finally{u.f()}r.regenerateAtlas()}}},{key:"renderAttachments",value:function(e,t){var r=this.internals,i=r.attachmentManager,o=r.attachmentProgram,s=r.nodeDataCache,l=r.nodesWithBackdrop,u=r.pixelRatio,d=r.nodeDataTexture;if(!(!i||!o)){var c=0;o.reallocateAttachments(l.size);var h=U(l),f;try{for(h.s();!(f=h.n()).done;){var g,p,m,v,y=f.value;if(this.displayedNodeLabels.has(y)){var b=s[y];if(!(!b||b.visibility==="hidden")&&!(t&&b.labelDepth!==t)&&b.labelAttachment){var x=i.getEntry(y,b.labelAttachment);if(x){var _=(g=d?.getIndex(y))!==null&&g!==void 0?g:-1;if(!(_<0)){var E=this.measureNodeLabel(b),w=E.width,A=E.height,S=E.textHeight,L=(p=Vo[b.labelAttachmentPlacement||"below"])!==null&&p!==void 0?p:0;o.processAttachment(c,{nodeIndex:_,atlasX:x.x,atlasY:x.y,atlasW:x.width,atlasH:x.height,attachWidth:x.width/u,attachHeight:x.height/u,positionMode:(m=fn[b.labelPosition||ft.labelPosition])!==null&&m!==void 0?m:0,attachmentPlacement:L,labelWidth:w,labelHeight:A,textHeight:S,labelAngle:(v=b.labelAngle)!==null&&v!==void 0?v:0}),c++}}}}}}catch(G){h.e(G)}finally{h.f()}c!==0&&(o.reallocateAttachments(c),i.bindTexture(Mn),o.invalidateBuffers(),o.render(e))}}},{key:"computeDisplayedEdgeLabels",value:function(){var e=this.internals,t=e.graph,r=e.stateManager,i=e.settings,o=e.edgesWithForcedLabels,s=r.getHighlightedNodes(),l=i.edgeLabelAnchors==="allNodes"?new Set(this.edgeAnchorGrid.getLabelsToDisplay(this.internals.getCameraState().ratio,i.labelDensity)):this.displayedNodeLabels,u=r.hovered,d=Df({graph:t,hoveredNode:u?.kind==="node"?u.key:null,displayedNodeLabels:l,highlightedNodes:s});Ir(d,o),this.edgeLabelCandidates=d,this.displayedEdgeLabels=new Set}},{key:"filterEdgeLabelsForDepth",value:function(e){for(var t=this.internals,r=t.graph,i=t.nodeDataCache,o=t.edgeDataCache,s=[],l=new Set,u=0,d=this.edgeLabelCandidates.length;u<d;u++){var c=this.edgeLabelCandidates[u];if(!l.has(c)){l.add(c);var h=r.extremities(c),f=i[h[0]],g=i[h[1]],p=o[c];!p||!f||!g||p.visibility==="hidden"||p.labelVisibility==="hidden"||f.visibility==="hidden"||g.visibility==="hidden"||e&&p.labelDepth!==e||p.label&&s.push(c)}}return s}},{key:"renderEdgeLabels",value:function(e,t){var r=this.internals,i=r.graph,o=r.nodeDataCache,s=r.edgeDataCache,l=r.primitives,u=r.edgeLabelProgram,d=r.nodeDataTexture,c=r.edgeDataTexture;if(u){var h=this.filterEdgeLabelsForDepth(t),f=U(h),g;try{for(f.s();!(g=f.n()).done;){var p=g.value;this.displayedEdgeLabels.add(p)}}catch(Z){f.e(Z)}finally{f.f()}if(h.length!==0){if(this.labelsDirty){var m,v,y=0,b=U(h),x;try{for(b.s();!(x=b.n()).done;){var _=x.value;y+=s[_].label.length}}catch(Z){b.e(Z)}finally{b.f()}u.reallocate(y);var E=(m=l==null||(v=l.edges)===null||v===void 0||(v=v.label)===null||v===void 0?void 0:v.margin)!==null&&m!==void 0?m:5,w="over",A=0,S=U(h),L;try{for(S.s();!(L=S.n()).done;){var G,C,N=L.value,k=i.extremities(N),I=k[0],W=k[1],P=o[I],T=o[W],F=s[N],M=d.getIndex(I),z=d.getIndex(W),D=c.getIndex(N),q={text:F.label,x:(P.x+T.x)/2,y:(P.y+T.y)/2,size:Rs,color:F.labelColor,nodeSize:0,nodeIndex:-1,margin:E,position:(G=F.labelPosition)!==null&&G!==void 0?G:w,hidden:!1,forceLabel:Tt(F),type:"default",zIndex:(C=F.zIndex)!==null&&C!==void 0?C:0,parentType:"edge",parentKey:N,fontKey:"",labelAngle:0,sourceX:P.x,sourceY:P.y,targetX:T.x,targetY:T.y,sourceSize:P.size,targetSize:T.size,sourceShape:P.shape||"circle",targetShape:T.shape||"circle",edgeSize:F.size,offset:0,edgeAttributes:F,sourceNodeIndex:M,targetNodeIndex:z,edgeIndex:D},j=u.processEdgeLabel(N,A,q);A+=j}}catch(Z){S.e(Z)}finally{S.f()}u.invalidateBuffers()}u.render(e)}}}},{key:"renderEdgeLabelBackgrounds",value:function(e,t){var r,i,o=this.internals,s=o.edgeLabelBackgroundProgram,l=o.edgeLabelProgram,u=o.edgeDataCache,d=o.primitives,c=o.edgeDataTexture;if(!(!c||!l||!s)){var h=Ie.edgeLabel.writesPickingThisFrame(this.internals),f=(r=d==null||(i=d.edges)===null||i===void 0||(i=i.label)===null||i===void 0?void 0:i.margin)!==null&&r!==void 0?r:5,g="over",p=this.filterEdgeLabelsForDepth(t),m=[],v=U(p),y;try{for(v.s();!(y=v.n()).done;){var b=y.value;!h&&!u[b].labelBackgroundColor||m.push(b)}}catch(P){v.e(P)}finally{v.f()}if(m.length!==0){s.reallocate(m.length);for(var x=0;x<m.length;x++){var _,E,w,A=m[x],S=u[A],L=S.label,G=l.measureLabelAtlasWidth(L),C=(_=S.labelPosition)!==null&&_!==void 0?_:g,N=typeof C=="string"&&(E=Cf[C])!==null&&E!==void 0?E:0,k=$t(this.internals.pickingState,"edgeLabel",A)||$t(this.internals.pickingState,"edge",A),I=S.labelBackgroundColor?je(S.labelBackgroundColor):je("transparent"),W={edgeIndex:c.getIndex(A),baseFontSize:Rs,totalTextWidth:G,positionMode:N,margin:f,padding:(w=S.labelBackgroundPadding)!==null&&w!==void 0?w:kf,color:I,id:on(k),edgeAttributes:S};s.processEdgeLabelBackground(x,A,W)}s.invalidateBuffers(),s.render(e)}}}}])})(),If=(function(){function n(a,e,t,r){ne(this,n),R(this,"nodeStates",new Map),R(this,"edgeStates",new Map),R(this,"hovered",null),R(this,"dirtyNodes",new Set),R(this,"dirtyEdges",new Set),R(this,"graphStateChanged",!1),R(this,"graphStateFlagsDirty",!1),this.scheduleRefresh=a,this.customNodeStateDefaults=e,this.customEdgeStateDefaults=t,this.customGraphStateDefaults=r,this.graphState=Ar(r)}return ae(n,[{key:"getNodeState",value:function(e){e=""+e;var t=this.nodeStates.get(e);return t||(t=vo(this.customNodeStateDefaults),this.nodeStates.set(e,t)),t}},{key:"getEdgeState",value:function(e){e=""+e;var t=this.edgeStates.get(e);return t||(t=po(this.customEdgeStateDefaults),this.edgeStates.set(e,t)),t}},{key:"getGraphState",value:function(){return this.flushGraphStateFlags(),this.graphState}},{key:"getHighlightedNodes",value:function(){var e=new Set,t=U(this.nodeStates),r;try{for(t.s();!(r=t.n()).done;){var i=oe(r.value,2),o=i[0],s=i[1];s.isHighlighted&&e.add(o)}}catch(l){t.e(l)}finally{t.f()}return e}},{key:"setNodeState",value:function(e,t){e=""+e;var r=this.getNodeState(e);if(dn(r,t)){var i=$($({},r),t);this.nodeStates.set(e,i),this.dirtyNodes.add(e),this.updateHoveredNodeTracking(e,r,i),this.graphStateFlagsDirty=!0,this.scheduleRefresh()}}},{key:"setEdgeState",value:function(e,t){e=""+e;var r=this.getEdgeState(e);if(dn(r,t)){var i=$($({},r),t);this.edgeStates.set(e,i),this.dirtyEdges.add(e),this.updateHoveredEdgeTracking(e,r,i),this.graphStateFlagsDirty=!0,this.scheduleRefresh()}}},{key:"setGraphState",value:function(e){if(dn(this.graphState,e)){var t=$($({},this.graphState),e);t.isIdle=!t.isPanning&&!t.isZooming&&!t.isDragging,this.graphState=t,this.graphStateChanged=!0,this.scheduleRefresh()}}},{key:"setNodesState",value:function(e,t){var r=!1,i=U(e),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;s=""+s;var l=this.getNodeState(s);if(dn(l,t)){var u=$($({},l),t);this.nodeStates.set(s,u),this.dirtyNodes.add(s),this.updateHoveredNodeTracking(s,l,u),r=!0}}}catch(d){i.e(d)}finally{i.f()}r&&(this.graphStateFlagsDirty=!0,this.scheduleRefresh())}},{key:"setEdgesState",value:function(e,t){var r=!1,i=U(e),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;s=""+s;var l=this.getEdgeState(s);if(dn(l,t)){var u=$($({},l),t);this.edgeStates.set(s,u),this.dirtyEdges.add(s),this.updateHoveredEdgeTracking(s,l,u),r=!0}}}catch(d){i.e(d)}finally{i.f()}r&&(this.graphStateFlagsDirty=!0,this.scheduleRefresh())}},{key:"removeNode",value:function(e){this.nodeStates.delete(e),this.dirtyNodes.delete(e),this.clearHoveredFor("node",e)}},{key:"removeEdge",value:function(e){this.edgeStates.delete(e),this.dirtyEdges.delete(e),this.clearHoveredFor("edge",e)}},{key:"pruneNodes",value:function(e){var t=U(this.nodeStates.keys()),r;try{for(t.s();!(r=t.n()).done;){var i=r.value;e(i)||this.removeNode(i)}}catch(o){t.e(o)}finally{t.f()}}},{key:"pruneEdges",value:function(e){var t=U(this.edgeStates.keys()),r;try{for(t.s();!(r=t.n()).done;){var i=r.value;e(i)||this.removeEdge(i)}}catch(o){t.e(o)}finally{t.f()}}},{key:"clearNodes",value:function(){this.nodeStates.clear(),this.dirtyNodes.clear(),this.clearHoveredForKinds(ni("node"))}},{key:"clearEdges",value:function(){this.edgeStates.clear(),this.dirtyEdges.clear(),this.clearHoveredForKinds(ni("edge"))}},{key:"resetGraphState",value:function(){this.graphState=Ar(this.customGraphStateDefaults),this.graphStateChanged=!1,this.graphStateFlagsDirty=!1}},{key:"clearDirtyTracking",value:function(){this.dirtyNodes.clear(),this.dirtyEdges.clear(),this.graphStateChanged=!1}},{key:"setHovered",value:function(e){this.hovered=e}},{key:"clearHoveredFor",value:function(e,t){this.hovered&&this.hovered.key===t&&ni(e).includes(this.hovered.kind)&&(this.hovered=null)}},{key:"clearHoveredForKinds",value:function(e){this.hovered&&e.includes(this.hovered.kind)&&(this.hovered=null)}},{key:"updateGraphStateFromNodes",value:function(){var e,t=!1,r=!1,i=!1,o=U(this.nodeStates),s;try{for(o.s();!(s=o.n()).done;){var l=oe(s.value,2),u=l[1];if(u.isHovered&&(t=!0),u.isHighlighted&&(r=!0),u.isDragged&&(i=!0),t&&r&&i)break}}catch(c){o.e(c)}finally{o.f()}!t&&((e=this.hovered)===null||e===void 0?void 0:e.kind)==="edge"&&(t=!0);var d=!this.graphState.isPanning&&!this.graphState.isZooming&&!i;(this.graphState.hasHovered!==t||this.graphState.hasHighlighted!==r||this.graphState.isDragging!==i||this.graphState.isIdle!==d)&&(this.graphStateChanged=!0),this.graphState=$($({},this.graphState),{},{hasHovered:t,hasHighlighted:r,isDragging:i,isIdle:d})}},{key:"updateGraphStateFromEdges",value:function(){var e,t=((e=this.hovered)===null||e===void 0?void 0:e.kind)==="node";if(!t){var r=U(this.edgeStates),i;try{for(r.s();!(i=r.n()).done;){var o=oe(i.value,2),s=o[1];if(s.isHovered){t=!0;break}}}catch(l){r.e(l)}finally{r.f()}}this.graphState.hasHovered!==t&&(this.graphStateChanged=!0),this.graphState=$($({},this.graphState),{},{hasHovered:t})}},{key:"flushGraphStateFlags",value:function(){this.graphStateFlagsDirty&&(this.updateGraphStateFromNodes(),this.updateGraphStateFromEdges(),this.graphStateFlagsDirty=!1)}},{key:"updateHoveredNodeTracking",value:function(e,t,r){var i;if(t.isHovered!==r.isHovered)if(r.isHovered){var o;if(((o=this.hovered)===null||o===void 0?void 0:o.kind)==="node"&&this.hovered.key!==e){var s=this.hovered.key,l=this.getNodeState(s);this.nodeStates.set(s,$($({},l),{},{isHovered:!1})),this.dirtyNodes.add(s)}this.hovered={kind:"node",key:e}}else((i=this.hovered)===null||i===void 0?void 0:i.kind)==="node"&&this.hovered.key===e&&(this.hovered=null)}},{key:"updateHoveredEdgeTracking",value:function(e,t,r){var i;if(t.isHovered!==r.isHovered)if(r.isHovered){var o;if(((o=this.hovered)===null||o===void 0?void 0:o.kind)==="edge"&&this.hovered.key!==e){var s=this.hovered.key,l=this.getEdgeState(s);this.edgeStates.set(s,$($({},l),{},{isHovered:!1})),this.dirtyEdges.add(s)}this.hovered={kind:"edge",key:e}}else((i=this.hovered)===null||i===void 0?void 0:i.kind)==="edge"&&this.hovered.key===e&&(this.hovered=null)}}])})(),Ds=1,Ls=2,Cs=3,ks=4,Ff=(function(n){function a(e,t){var r,i,o,s,l,u=arguments.length>2&&arguments[2]!==void 0?arguments[2]:{};ne(this,a),l=me(this,a),R(l,"nodeReducer",null),R(l,"edgeReducer",null),R(l,"stageCanvas",null),R(l,"mouseLayer",null),R(l,"gestureHint",null),R(l,"extraElements",{}),R(l,"webGLContext",null),R(l,"pickingFrameBuffer",null),R(l,"pickingTexture",null),R(l,"pickingDepthBuffer",null),R(l,"activeListeners",{}),R(l,"nodeVariableEntries",[]),R(l,"edgeVariableEntries",[]),R(l,"edgePathsByName",new Map),R(l,"nodeProgramIndex",{}),R(l,"edgeProgramIndex",{}),R(l,"edgeTextureIndexCache",{}),R(l,"nodeGraphCoords",{}),R(l,"nodeExtent",{x:[0,1],y:[0,1]}),R(l,"matrix",Ve()),R(l,"invMatrix",Ve()),R(l,"correctionRatio",1),R(l,"frameId",0),R(l,"customBBox",null),R(l,"gpuTimerExt",void 0),R(l,"activeGpuTimerQuery",null),R(l,"pendingGpuTimerQueries",[]),R(l,"normalizationFunction",wa({x:[0,1],y:[0,1]})),R(l,"graphToViewportRatio",1),R(l,"pickingState",lf()),R(l,"prevNodeVisibilities",{}),R(l,"width",0),R(l,"height",0),R(l,"autoRescaleFrozen",!1),R(l,"stylesDeclaration",null),R(l,"resolvedStageStyle",{}),R(l,"renderFrame",null),R(l,"contextLost",!1),R(l,"pendingProcess","full"),R(l,"needToRefreshState",!1),R(l,"checkEdgesEventsFrame",null),R(l,"edgeStyleAnalysis",{dependency:"static",xAttribute:null,yAttribute:null}),R(l,"depthLayers",Q(Pn)),R(l,"customLayerPrograms",new Map),R(l,"nodeShapeSlug",null),R(l,"sdfAtlas",null),R(l,"depthRanges",{nodes:{},edges:{}}),R(l,"nodeBaseDepth",{}),R(l,"edgeBaseDepth",{});var d=u.primitives,c=u.styles,h=u.settings,f=h===void 0?{}:h,g=u.nodeReducer,p=u.edgeReducer,m=u.customNodeState,v=u.customEdgeState,y=u.customGraphState;l.stateManager=new If(function(){return l.scheduleStateRefresh()},m,v,y);var b=d??bo;l.stylesDeclaration=c?{nodes:(r=c.nodes)!==null&&r!==void 0?r:xa.nodes,edges:(i=c.edges)!==null&&i!==void 0?i:xa.edges,stage:c.stage}:xa,l.nodeReducer=g??null,l.edgeReducer=p??null;var x=Rr(l.stylesDeclaration.nodes);l.nodeReducer&&(x.dependency="graph-state"),l.edgeStyleAnalysis=Rr(l.stylesDeclaration.edges),l.edgeReducer&&(l.edgeStyleAnalysis.dependency="graph-state"),l.stylesDeclaration.stage&&(l.resolvedStageStyle=Pr(l.stylesDeclaration.stage,l.stateManager.graphState));var _=Ao(f);if(Ra(_),_.enableNodeDrag){var E=x.xAttribute,w=x.yAttribute;if((!E||!w)&&!_.dragPositionToAttributes)throw new Error('Sigma: `enableNodeDrag` is true but position attribute names could not be inferred from styles. Either use attribute bindings for x/y in your node styles (e.g. `x: { attribute: "x" }`), or provide a `dragPositionToAttributes` setting.')}if(wo(e),!(t instanceof HTMLElement))throw new Error("Sigma: container should be an html element.");l.container=t,l.edgeGroups=new sf(e,function(T,F){for(var M=0;M<T.length;M++){var z=l.stateManager.getEdgeState(T[M]);z.parallelIndex=M,z.parallelCount=F}});var A=new of(e,l.viewportToGraph.bind(l),l.setNodesState.bind(l),function(T,F){return l.emit(T,F)});if(l.depthLayers=(o=b.depthLayers)!==null&&o!==void 0?o:Q(Pn),!(c!=null&&c.nodes)&&!Cn.every(function(T){return l.depthLayers.includes(T)}))throw new Error("Sigma: depthLayers must include ".concat(Cn.join(", ")," for the built-in node styles."));if(!(c!=null&&c.edges)&&!kn.every(function(T){return l.depthLayers.includes(T)}))throw new Error("Sigma: depthLayers must include ".concat(kn.join(", ")," for the built-in edge styles."));l.itemBuckets={nodes:new Qr(l.depthLayers),edges:new Qr(l.depthLayers)},l.initWebGLContext(),l.mouseLayer=cn("div",{position:"absolute",touchAction:"none",userSelect:"none"},{class:"sigma-mouse"}),l.container.appendChild(l.mouseLayer),l.resolvedStageStyle.background&&(l.container.style.backgroundColor=l.resolvedStageStyle.background),l.resolvedStageStyle.cursor&&(l.container.style.cursor=l.resolvedStageStyle.cursor);var S=new fs(l.webGLContext),L=new Jr(l.webGLContext,{channels:1}),G=new gs(l.webGLContext),C=new Jr(l.webGLContext,{channels:4}),N=l.webGLContext,k=new Rf({gl:N,getFrameBuffer:function(){return l.pickingFrameBuffer},getPixelRatio:function(){return l.internals.pixelRatio},getDownSizingRatio:function(){return l.internals.settings.pickingDownSizingRatio},isRenderPending:function(){return l.renderFrame!==null},onIndex:function(F,M){var z;return Gs(l.internals,(z=l.pickingState.lookup[F])!==null&&z!==void 0?z:null,M)}}),I=l.initPrograms(b,_),W=b==null||(s=b.nodes)===null||s===void 0?void 0:s.labelAttachments,P=null;return W&&Object.keys(W).length>0&&(P=new hs(N,W,function(){return l.scheduleRender()})),l.internals=$($({nodeDataCache:{},edgeDataCache:{},nodesWithForcedLabels:new Set,nodesWithBackdrop:new Set,edgesWithForcedLabels:new Set,settings:_,primitives:b,pixelRatio:In(),graph:e,stateManager:l.stateManager,dragManager:A,hoverResolver:k,nodeStyleAnalysis:x,pickingState:l.pickingState},I),{},{attachmentManager:P,nodeDataTexture:S,nodeFrameTexture:L,edgeDataTexture:G,edgeFrameTexture:C,getDimensions:function(){return l.getDimensions()},getGraphDimensions:function(){return l.getGraphDimensions()},getStagePadding:function(){return l.getStagePadding()},getCameraState:function(){return l.camera.getState()},getHitAtPosition:function(F){return l.getHitAtPosition(F)},setNodeState:function(F,M){return l.setNodeState(F,M)},setEdgeState:function(F,M){return l.setEdgeState(F,M)},updateContainerCursor:function(){return l.updateContainerCursor()},scheduleRefresh:function(){return l.scheduleRefresh()},viewportToFramedGraph:function(F){return l.viewportToFramedGraph(F)},viewportToGraph:function(F){return l.viewportToGraph(F)},framedGraphToViewport:function(F){return l.framedGraphToViewport(F)},scaleSize:function(F){return l.scaleSize(F)},emit:function(F,M){return l.emit(F,M)}}),l.labelRenderer=new Pf(l.internals),l.resize(),l.initializeWebGLLabels(),l.camera=new ms,l.bindCameraHandlers(),l.mouseCaptor=new tf(l.mouseLayer,l),l.mouseCaptor.setSettings(l.internals.settings),l.touchCaptor=new rf(l.mouseLayer,l),l.touchCaptor.setSettings(l.internals.settings),l.bindEventHandlers(),l.bindGraphHandlers(),l.handleSettingsUpdate(),l.refresh(),l}return ye(a,n),ae(a,[{key:"initializeWebGLLabels",value:function(){this.sdfAtlas=new Ot,this.sdfAtlas.registerFont({family:"sans-serif",weight:"normal",style:"normal"})}},{key:"resetWebGLTexture",value:function(){var t=this.webGLContext;if(!this.pickingFrameBuffer)return this;var r=Math.ceil(this.width*this.internals.pixelRatio/this.internals.settings.pickingDownSizingRatio),i=Math.ceil(this.height*this.internals.pixelRatio/this.internals.settings.pickingDownSizingRatio);t.bindFramebuffer(t.FRAMEBUFFER,this.pickingFrameBuffer),this.pickingTexture&&t.deleteTexture(this.pickingTexture);var o=t.createTexture();o&&(t.bindTexture(t.TEXTURE_2D,o),t.texImage2D(t.TEXTURE_2D,0,t.RGBA,r,i,0,t.RGBA,t.UNSIGNED_BYTE,null),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_MIN_FILTER,t.NEAREST),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_MAG_FILTER,t.NEAREST),t.framebufferTexture2D(t.FRAMEBUFFER,t.COLOR_ATTACHMENT0,t.TEXTURE_2D,o,0),this.pickingTexture=o),this.pickingDepthBuffer&&t.deleteRenderbuffer(this.pickingDepthBuffer);var s=t.createRenderbuffer();return s&&(t.bindRenderbuffer(t.RENDERBUFFER,s),t.renderbufferStorage(t.RENDERBUFFER,t.DEPTH_COMPONENT16,r,i),t.framebufferRenderbuffer(t.FRAMEBUFFER,t.DEPTH_ATTACHMENT,t.RENDERBUFFER,s),this.pickingDepthBuffer=s),t.bindFramebuffer(t.FRAMEBUFFER,null),this}},{key:"bindCameraHandlers",value:function(){var t=this;return this.activeListeners.camera=function(){t.refreshMatrices(),t.labelRenderer.labelsDirty=!0,t.scheduleRender()},this.activeListeners.cameraAnimationStart=function(r){var i=r.from,o=r.to;i.ratio!==o.ratio&&t.stateManager.setGraphState({isZooming:!0})},this.activeListeners.cameraAnimationEnd=function(){t.stateManager.setGraphState({isZooming:!1})},this.camera.on("updated",this.activeListeners.camera),this.camera.on("animationStart",this.activeListeners.cameraAnimationStart),this.camera.on("animationEnd",this.activeListeners.cameraAnimationEnd),this}},{key:"unbindCameraHandlers",value:function(){return this.camera.removeListener("updated",this.activeListeners.camera),this.camera.removeListener("animationStart",this.activeListeners.cameraAnimationStart),this.camera.removeListener("animationEnd",this.activeListeners.cameraAnimationEnd),this}},{key:"getHitAtPosition",value:function(t){var r;if(this.contextLost)return null;var i=this.webGLContext;i.bindFramebuffer(i.FRAMEBUFFER,this.pickingFrameBuffer);var o=eo(i,this.pickingFrameBuffer,t.x,t.y,this.internals.pixelRatio,this.internals.settings.pickingDownSizingRatio),s=pr.apply(void 0,Q(o));return(r=this.pickingState.lookup[s])!==null&&r!==void 0?r:null}},{key:"bindEventHandlers",value:function(){return vf(this.internals,this.mouseCaptor,this.touchCaptor,this.activeListeners),this}},{key:"bindGraphHandlers",value:function(){return pf({graph:this.internals.graph,edgeGroups:this.edgeGroups,addNode:this.addNode.bind(this),updateNode:this.updateNode.bind(this),removeNode:this.removeNode.bind(this),addEdge:this.addEdge.bind(this),updateEdge:this.updateEdge.bind(this),removeEdge:this.removeEdge.bind(this),clearEdgeState:this.clearEdgeState.bind(this),clearNodeState:this.clearNodeState.bind(this),clearEdgeIndices:this.clearEdgeIndices.bind(this),clearNodeIndices:this.clearNodeIndices.bind(this),refresh:this.refresh.bind(this)},this.activeListeners),this}},{key:"unbindGraphHandlers",value:function(){mf(this.internals.graph,this.activeListeners)}},{key:"getNodeShapeId",value:function(t){return this.internals.nodeShapeMap&&this.internals.nodeGlobalShapeIds&&t.shape&&t.shape in this.internals.nodeShapeMap?this.internals.nodeGlobalShapeIds[this.internals.nodeShapeMap[t.shape]]:Wn(t.shape||"circle")}},{key:"processNodes",value:function(){var t=this,r=this.internals.graph,i=this.internals.settings,o=this.getDimensions(),s=i.autoRescale,l=i.autoRescaleContent,u=this.nodeExtent;if(s===!1){var d=o.width,c=o.height;u={x:[-d/2,d/2],y:[-c/2,c/2]}}else(s!=="once"||!this.autoRescaleFrozen)&&(u=this.computeNodeExtent(),l!=="positions"&&!this.customBBox&&(u=xf({extent:u,coords:this.nodeGraphCoords,nodeData:this.internals.nodeDataCache,dimensions:o,stagePadding:this.getStagePadding(),zoomToSizeRatioFunction:i.zoomToSizeRatioFunction,itemSizesReference:i.itemSizesReference,fitLabels:l==="labels",nodeLabelBox:function(z,D){return t.labelRenderer.nodeLabelBox(z,D)}})),s==="once"&&(this.autoRescaleFrozen=!0));this.nodeExtent=u,this.normalizationFunction=wa(this.customBBox||this.nodeExtent);var h=new ms,f=bt(h.getState(),o,this.getGraphDimensions(),this.getStagePadding());this.labelRenderer.labelGrid.resizeAndClear(o,i.labelGridCellSize),this.labelRenderer.edgeAnchorGrid.resizeAndClear(o,i.labelGridCellSize);var g=i.renderEdgeLabels&&i.edgeLabelAnchors==="allNodes",p=!1;ti(this.pickingState,"node");for(var m=r.nodes(),v=0,y=m.length;v<y;v++){var b=m[v],x=this.internals.nodeDataCache[b],_=this.nodeGraphCoords[b];x.x=_.x,x.y=_.y,this.normalizationFunction.applyTo(x),x.visibility!==this.prevNodeVisibilities[b]&&(p=!0),typeof x.label=="string"&&x.visibility!=="hidden"&&x.labelVisibility!=="hidden"&&this.labelRenderer.labelGrid.add(b,x.size,this.framedGraphToViewport(x,{matrix:f})),g&&x.visibility!=="hidden"&&this.labelRenderer.edgeAnchorGrid.add(b,x.size,this.framedGraphToViewport(x,{matrix:f}))}this.labelRenderer.labelGrid.organize(),this.labelRenderer.edgeAnchorGrid.organize(),this.nodeProgram.reallocate(m.length);var E=0;this.depthRanges.nodes={},this.nodeBaseDepth={};var w=this.internals.nodeDataCache,A=U(this.depthLayers),S;try{for(A.s();!(S=A.n()).done;){var L=S.value,G=this.itemBuckets.nodes.getSorted(L,function(M){return w[M].zIndex});if(G.length!==0){this.depthRanges.nodes[L]=[{offset:E,count:G.length}];var C=U(G),N;try{for(C.s();!(N=C.n()).done;){var k=N.value;this.nodeBaseDepth[k]=L,this.nodeProgram.allocateNode(k),Ts(this.pickingState,"node",k),this.addNodeToProgram(k,E++)}}catch(M){C.e(M)}finally{C.f()}}}}catch(M){A.e(M)}finally{A.f()}this.nodeProgram.invalidateBuffers();for(var I=0,W=m.length;I<W;I++)this.prevNodeVisibilities[m[I]]=this.internals.nodeDataCache[m[I]].visibility;this.labelRenderer.processWebGLLabels(m);var P=U(this.customLayerPrograms.values()),T;try{for(P.s();!(T=P.n()).done;){var F=T.value.program;F.cacheData&&F.cacheData()}}catch(M){P.e(M)}finally{P.f()}return p}},{key:"processEdges",value:function(){var t=this.internals.graph,r=t.edges();this.edgeProgram.reallocate(r.length);var i=0;ti(this.pickingState,"edge"),this.depthRanges.edges={},this.edgeBaseDepth={};var o=this.internals.edgeDataCache,s=U(this.depthLayers),l;try{for(s.s();!(l=s.n()).done;){var u=l.value,d=this.itemBuckets.edges.getSorted(u,function(g){return o[g].zIndex});if(d.length!==0){this.depthRanges.edges[u]=[{offset:i,count:d.length}];var c=U(d),h;try{for(c.s();!(h=c.n()).done;){var f=h.value;this.edgeBaseDepth[f]=u,Ts(this.pickingState,"edge",f),this.addEdgeToProgram(f,i++)}}catch(g){c.e(g)}finally{c.f()}}}}catch(g){s.e(g)}finally{s.f()}this.edgeProgram.invalidateBuffers()}},{key:"updateNodeDepthRanges",value:function(t,r,i){var o=this.nodeProgramIndex[t];o!==void 0&&(Gr(this.depthRanges.nodes,r,o),zr(this.depthRanges.nodes,i,o))}},{key:"updateEdgeDepthRanges",value:function(t,r,i){var o=this.edgeProgramIndex[t];o!==void 0&&(Gr(this.depthRanges.edges,r,o),zr(this.depthRanges.edges,i,o))}},{key:"handleSettingsUpdate",value:function(){var t=this,r=this.internals.settings;return this.camera.minRatio=r.minCameraRatio,this.camera.maxRatio=r.maxCameraRatio,this.camera.enabledZooming=r.enableCameraZooming,this.camera.enabledPanning=r.enableCameraPanning,this.camera.enabledRotation=r.enableCameraRotation,r.cameraPanBoundaries?this.camera.constrainState=function(i){return t.cleanCameraState(i,r.cameraPanBoundaries&&ie(r.cameraPanBoundaries)==="object"?r.cameraPanBoundaries:{})}:this.camera.constrainState=null,this.camera.setState(this.camera.getState()),this.mouseLayer.style.touchAction=r.gestureTarget==="graph"?"none":r.gestureTarget==="shared"?"pan-x pan-y":"auto",r.gestureTarget!=="shared"&&this.gestureHint&&(this.gestureHint.kill(),this.gestureHint=null),this.mouseCaptor.setSettings(this.internals.settings),this.touchCaptor.setSettings(this.internals.settings),this}},{key:"cleanCameraState",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{},i=r.tolerance,o=i===void 0?0:i,s=r.boundaries,l=$({},t),u=s||this.nodeExtent,d=oe(u.x,2),c=d[0],h=d[1],f=oe(u.y,2),g=f[0],p=f[1],m=[this.graphToViewport({x:c,y:g},{cameraState:t}),this.graphToViewport({x:h,y:g},{cameraState:t}),this.graphToViewport({x:c,y:p},{cameraState:t}),this.graphToViewport({x:h,y:p},{cameraState:t})],v=1/0,y=-1/0,b=1/0,x=-1/0;m.forEach(function(k){var I=k.x,W=k.y;v=Math.min(v,I),y=Math.max(y,I),b=Math.min(b,W),x=Math.max(x,W)});var _=y-v,E=x-b,w=this.getDimensions(),A=w.width,S=w.height,L=0,G=0;if(_>=A?y<A-o?L=y-(A-o):v>o&&(L=v-o):y>A+o?L=y-(A+o):v<-o&&(L=v+o),E>=S?x<S-o?G=x-(S-o):b>o&&(G=b-o):x>S+o?G=x-(S+o):b<-o&&(G=b+o),L||G){var C=this.viewportToFramedGraph({x:0,y:0},{cameraState:t}),N=this.viewportToFramedGraph({x:L,y:G},{cameraState:t});L=N.x-C.x,G=N.y-C.y,l.x+=L,l.y+=G}return l}},{key:"refreshMatrices",value:function(){var t=this.camera.getState(),r=this.getDimensions(),i=this.getGraphDimensions(),o=this.getStagePadding();this.matrix=bt(t,r,i,o),this.invMatrix=bt(t,r,i,o,!0),this.correctionRatio=Ki(this.matrix,t,r),this.graphToViewportRatio=this.getGraphToViewportRatio()}},{key:"processData",value:function(){var t;this.emit("beforeProcess"),(t=this.internals.attachmentManager)===null||t===void 0||t.clear();var r=$({},this.pickingState.idsByKind),i=this.processNodes();(this.pendingProcess==="full"||i)&&this.processEdges(),uf(this.pickingState,this.internals),df(r,this.pickingState.idsByKind)||this.internals.hoverResolver.invalidate(),this.pendingProcess="none",this.emit("afterProcess")}},{key:"render",value:function(){var t=this;if(this.contextLost)return this;this.emit("beforeRender");var r=function(){return t.internals.hoverResolver.frameRendered(),t.emit("afterRender"),t};if(this.renderFrame&&(cancelAnimationFrame(this.renderFrame),this.renderFrame=null),this.resize(),(this.pendingProcess!=="none"||this.needToRefreshState)&&(this.labelRenderer.labelsDirty=!0),this.pendingProcess!=="none"&&this.processData(),this.needToRefreshState&&this.refreshState(),this.needToRefreshState=!1,this.stateManager.clearDirtyTracking(),this.pendingProcess!=="none"&&this.processData(),this.clear(),this.resetWebGLTexture(),!this.internals.graph.order)return r();var i=this.mouseCaptor,o=this.camera.isAnimating()||i.isMoving||i.draggedEvents||i.currentWheelDirection;if(this.refreshMatrices(),this.frameId++,this.internals.settings.renderEdgeLabels&&!this.internals.edgeLabelProgram){var s=this.createEdgeLabelPrograms(),l=s.labelProgram,u=s.labelBackgroundProgram;this.internals.edgeLabelProgram=l,this.internals.edgeLabelBackgroundProgram=u}var d=this.internals.settings.DEBUG_logRenderStats?this.getDebugPrograms():null;d&&d.forEach(function(Z){return Z.resetDebugStats()}),this.internals.settings.DEBUG_gpuTimerQueries&&this.beginGpuTimerQuery(),this.internals.nodeFrameTexture.ensureCapacity(this.internals.nodeDataTexture.getCapacity()),this.internals.edgeFrameTexture.ensureCapacity(this.internals.edgeDataTexture.getCapacity());var c=this.getRenderParams(),h=Ie.edge.writesPickingThisFrame(this.internals)?c:$($({},c),{},{pickingFrameBuffer:null});this.labelRenderer.resetFrame();var f=this.webGLContext,g=Math.ceil(this.width*this.internals.pixelRatio/this.internals.settings.pickingDownSizingRatio),p=Math.ceil(this.height*this.internals.pixelRatio/this.internals.settings.pickingDownSizingRatio);if(f.bindFramebuffer(f.FRAMEBUFFER,this.pickingFrameBuffer),f.viewport(0,0,g,p),f.clear(f.COLOR_BUFFER_BIT|f.DEPTH_BUFFER_BIT),f.bindFramebuffer(f.FRAMEBUFFER,null),f.viewport(0,0,this.width*this.internals.pixelRatio,this.height*this.internals.pixelRatio),f.clear(f.COLOR_BUFFER_BIT|f.DEPTH_BUFFER_BIT),this.internals.nodeDataTexture.upload(),this.internals.edgeDataTexture.upload(),this.nodeProgram.uploadLayerTexture(),this.edgeProgram.uploadAttributeTexture(),this.emit("afterTexturesUpload"),this.internals.nodeDataTexture.bind(Cs),this.internals.edgeDataTexture.bind(ks),this.edgeFramePass.run(c,this.internals.edgeFrameTexture,this.internals.edgeDataTexture.getHighWaterMark(),this.edgeProgram.getAttributeTexture(),this.nodeProgram.getAttributeTexture()),this.internals.edgeFrameTexture.bind(Ds),this.internals.settings.renderLabels){this.labelRenderer.computeDisplayedNodeLabels();var m=this.labelRenderer.buildFramePassPoints(),v=m.data,y=m.count;this.nodeFramePass.run(v,y,this.internals.nodeFrameTexture,c,this.nodeProgram.getAttributeTexture()),this.internals.nodeFrameTexture.bind(Ls)}this.internals.settings.renderEdgeLabels&&this.labelRenderer.computeDisplayedEdgeLabels();var b=U(this.customLayerPrograms.values()),x;try{for(b.s();!(x=b.n()).done;){var _=x.value.program;_.preRender&&_.preRender(c)}}catch(Z){b.e(Z)}finally{b.f()}f.bindFramebuffer(f.FRAMEBUFFER,null),f.viewport(0,0,this.width*this.internals.pixelRatio,this.height*this.internals.pixelRatio),f.blendFunc(f.ONE,f.ONE_MINUS_SRC_ALPHA);var E=!this.internals.settings.hideLabelsOnMove||!o,w=U(this.depthLayers),A;try{for(w.s();!(A=w.n()).done;){var S=A.value,L=U(this.customLayerPrograms.values()),G;try{for(L.s();!(G=L.n()).done;){var C=G.value;C.depth===S&&C.program.render(c)}}catch(Z){L.e(Z)}finally{L.f()}var N=this.depthRanges.edges[S];if(N&&(!this.internals.settings.hideEdgesOnMove||!o)){var k=U(N),I;try{for(k.s();!(I=k.n()).done;){var W=I.value,P=W.offset,T=W.count;T>0&&this.edgeProgram.render(h,P,T)}}catch(Z){k.e(Z)}finally{k.f()}}this.internals.settings.renderEdgeLabels&&E&&(this.labelRenderer.renderEdgeLabelBackgrounds(Ie.edgeLabel.writesPickingThisFrame(this.internals)?c:$($({},c),{},{pickingFrameBuffer:null}),S),this.labelRenderer.renderEdgeLabels(c,S)),this.labelRenderer.cacheAttachments(S),this.labelRenderer.renderBackdrops($($({},c),{},{pickingFrameBuffer:null}),S);var F=this.depthRanges.nodes[S];if(F){var M=U(F),z;try{for(M.s();!(z=M.n()).done;){var D=z.value,q=D.offset,j=D.count;j>0&&this.nodeProgram.render(c,q,j)}}catch(Z){M.e(Z)}finally{M.f()}}E&&(this.labelRenderer.renderAttachments($($({},c),{},{pickingFrameBuffer:null}),S),this.labelRenderer.renderLabelBackgrounds(Ie.nodeLabel.writesPickingThisFrame(this.internals)?c:$($({},c),{},{pickingFrameBuffer:null}),S),this.internals.settings.renderLabels&&this.labelRenderer.renderWebGLLabels(c,S))}}catch(Z){w.e(Z)}finally{w.f()}return this.labelRenderer.labelsDirty=!1,this.internals.settings.DEBUG_displayPickingLayer&&(f.bindFramebuffer(f.READ_FRAMEBUFFER,this.pickingFrameBuffer),f.bindFramebuffer(f.DRAW_FRAMEBUFFER,null),f.blitFramebuffer(0,0,g,p,0,0,this.width*this.internals.pixelRatio,this.height*this.internals.pixelRatio,f.COLOR_BUFFER_BIT,f.NEAREST)),this.internals.settings.DEBUG_gpuTimerQueries&&this.endGpuTimerQuery(),this.pollGpuTimerQueries(),d&&this.logRenderStats(d),r()}},{key:"getDebugPrograms",value:function(){return[this.nodeProgram,this.edgeProgram,this.internals.labelProgram,this.internals.edgeLabelProgram,this.internals.edgeLabelBackgroundProgram,this.internals.backdropProgram,this.internals.labelBackgroundProgram,this.internals.attachmentProgram].filter(function(t){return t!==null})}},{key:"logRenderStats",value:function(t){var r={},i=U(t),o;try{for(i.s();!(o=i.n()).done;){var s=o.value;r[s.constructor.name]=$({},s.debugStats)}}catch(l){i.e(l)}finally{i.f()}console.log("[sigma] DEBUG_logRenderStats: frame #".concat(this.frameId)),console.table(r)}},{key:"getGpuTimerExtension",value:function(){return this.gpuTimerExt===void 0&&(this.gpuTimerExt=this.webGLContext.getExtension("EXT_disjoint_timer_query_webgl2"),this.gpuTimerExt||console.warn("Sigma: DEBUG_gpuTimerQueries is enabled, but this browser/driver doesn't support EXT_disjoint_timer_query_webgl2.")),this.gpuTimerExt}},{key:"beginGpuTimerQuery",value:function(){var t=this.getGpuTimerExtension();if(t){var r=this.webGLContext,i=r.createQuery();i&&(r.beginQuery(t.TIME_ELAPSED_EXT,i),this.activeGpuTimerQuery=i)}}},{key:"endGpuTimerQuery",value:function(){!this.gpuTimerExt||!this.activeGpuTimerQuery||(this.webGLContext.endQuery(this.gpuTimerExt.TIME_ELAPSED_EXT),this.pendingGpuTimerQueries.push({query:this.activeGpuTimerQuery,frameId:this.frameId}),this.activeGpuTimerQuery=null)}},{key:"pollGpuTimerQueries",value:function(){if(this.pendingGpuTimerQueries.length!==0){var t=this.webGLContext,r=this.gpuTimerExt;if(!r){this.pendingGpuTimerQueries.forEach(function(c){var h=c.query;return t.deleteQuery(h)}),this.pendingGpuTimerQueries=[];return}var i=t.getParameter(r.GPU_DISJOINT_EXT),o=[],s=U(this.pendingGpuTimerQueries),l;try{for(s.s();!(l=s.n()).done;){var u=l.value;if(!t.getQueryParameter(u.query,t.QUERY_RESULT_AVAILABLE)){o.push(u);continue}if(!i){var d=t.getQueryParameter(u.query,t.QUERY_RESULT);console.log("[sigma] DEBUG_gpuTimerQueries: frame #".concat(u.frameId," GPU time = ").concat((d/1e6).toFixed(2),"ms"))}t.deleteQuery(u.query)}}catch(c){s.e(c)}finally{s.f()}this.pendingGpuTimerQueries=o}}},{key:"postEvaluateNode",value:function(t,r,i){var o=t;o.x===void 0&&(o.x=r.x),o.y===void 0&&(o.y=r.y),t.highlighted=i.isHighlighted;for(var s=0,l=this.nodeVariableEntries.length;s<l;s++){var u,d,c=oe(this.nodeVariableEntries[s],2),h=c[0],f=c[1];o[h]=(u=(d=o[h])!==null&&d!==void 0?d:r[h])!==null&&u!==void 0?u:f.default}}},{key:"addNode",value:function(t){var r=this.internals.graph.getNodeAttributes(t),i=this.stateManager.getNodeState(t),o=this.internals.nodeDataCache[t]||{};if(Cr(this.stylesDeclaration.nodes,r,i,this.stateManager.graphState,this.internals.graph,o),this.postEvaluateNode(o,r,i),this.nodeReducer){var s=this.nodeReducer(t,o,r,i,this.stateManager.graphState,this.internals.graph);o=$($({},o),s)}if(typeof o.x!="number"||typeof o.y!="number")throw new Error('Sigma: could not find a valid position (x, y) for node "'.concat(t,'". ')+"Provide coordinates via node attributes, styles, or a nodeReducer.");this.internals.nodeShapeMap?(!o.shape||!(o.shape in this.internals.nodeShapeMap))&&(o.shape=Object.keys(this.internals.nodeShapeMap)[0]):this.nodeShapeSlug&&(o.shape=this.nodeShapeSlug),this.internals.nodeDataCache[t]=o,this.nodeGraphCoords[t]={x:o.x,y:o.y},Nt(this.internals.nodesWithForcedLabels,t,Tt(o)),Nt(this.internals.nodesWithBackdrop,t,Fr(o)),this.itemBuckets.nodes.set(t,o.depth)}},{key:"updateNode",value:function(t){this.addNode(t);var r=this.internals.nodeDataCache[t];this.normalizationFunction.applyTo(r)}},{key:"removeNode",value:function(t){this.itemBuckets.nodes.remove(t),delete this.internals.nodeDataCache[t],delete this.nodeGraphCoords[t],delete this.nodeProgramIndex[t],this.internals.dragManager.removeNode(t),this.stateManager.removeNode(t),this.internals.nodesWithForcedLabels.delete(t),this.internals.nodesWithBackdrop.delete(t)}},{key:"postEvaluateEdge",value:function(t,r){for(var i=t,o=0,s=this.edgeVariableEntries.length;o<s;o++){var l,u,d=oe(this.edgeVariableEntries[o],2),c=d[0],h=d[1];i[c]=(l=(u=i[c])!==null&&u!==void 0?u:r[c])!==null&&l!==void 0?l:h.default}}},{key:"applyEdgeSpread",value:function(t,r,i){var o;if(!(i.parallelCount<=1)){var s=this.internals.graph.source(t),l=this.internals.graph.target(t),u=s===l,d=u?r.selfLoopPath||r.path:r.parallelPath||r.path,c=d?this.edgePathsByName.get(d):void 0;if(c!=null&&c.spread){var h=(o=r.parallelSpread)!==null&&o!==void 0?o:.25,f=c.spread.compute(i.parallelIndex,i.parallelCount,h);!u&&this.internals.graph.isDirected(t)&&s>l&&(f=-f),r[c.spread.variable]=f}}}},{key:"addEdge",value:function(t){var r=this.internals.graph.getEdgeAttributes(t),i=this.stateManager.getEdgeState(t),o={};if(kr(this.stylesDeclaration.edges,r,i,this.stateManager.graphState,this.internals.graph,o),this.postEvaluateEdge(o,r),this.edgeReducer){var s=this.edgeReducer(t,o,r,i,this.stateManager.graphState,this.internals.graph);o=$($({},o),s)}this.applyEdgeSpread(t,o,i),this.internals.edgeDataCache[t]=o,Nt(this.internals.edgesWithForcedLabels,t,Tt(o)),this.itemBuckets.edges.set(t,o.depth)}},{key:"updateEdge",value:function(t){this.addEdge(t)}},{key:"removeEdge",value:function(t){this.itemBuckets.edges.remove(t),delete this.internals.edgeDataCache[t],delete this.edgeProgramIndex[t],delete this.edgeTextureIndexCache[t],this.internals.edgeDataTexture.free(t),this.stateManager.removeEdge(t),this.internals.edgesWithForcedLabels.delete(t)}},{key:"clearNodeIndices",value:function(){this.labelRenderer.resetLabelGrid(),this.autoRescaleFrozen||(this.nodeExtent={x:[0,1],y:[0,1]}),this.internals.nodeDataCache={},this.nodeGraphCoords={},this.edgeProgramIndex={},this.internals.nodesWithForcedLabels.clear(),this.internals.nodesWithBackdrop.clear(),this.prevNodeVisibilities={},this.itemBuckets.nodes.clearAll(),this.depthRanges.nodes={},this.nodeBaseDepth={}}},{key:"clearEdgeIndices",value:function(){this.internals.edgeDataCache={},this.edgeProgramIndex={},this.edgeTextureIndexCache={},this.internals.edgesWithForcedLabels.clear(),ti(this.pickingState,"edge"),this.itemBuckets.edges.clearAll(),this.depthRanges.edges={},this.edgeBaseDepth={},this.edgeGroups.clear()}},{key:"clearIndices",value:function(){this.clearEdgeIndices(),this.clearNodeIndices()}},{key:"clearNodeState",value:function(){this.labelRenderer.resetFrame(),this.internals.nodesWithBackdrop.clear(),this.internals.dragManager.clear(),this.autoRescaleFrozen=!1,this.stateManager.clearNodes()}},{key:"clearEdgeState",value:function(){this.labelRenderer.clearEdgeLabels(),this.stateManager.clearEdges()}},{key:"clearState",value:function(){this.clearEdgeState(),this.clearNodeState(),this.stateManager.resetGraphState()}},{key:"addNodeToProgram",value:function(t,r){var i,o=this.internals.nodeDataCache[t];this.internals.nodeDataTexture.allocate(t),(i=this.internals.nodeDataTexture).updateNode.apply(i,[t,o.x,o.y,o.size,this.getNodeShapeId(o)].concat(Q(Sa(o)),[o.color]));var s=this.internals.nodeDataTexture.getIndex(t);this.nodeProgram.process($t(this.pickingState,"node",t),r,o,s,t),this.nodeProgramIndex[t]=r}},{key:"addEdgeToProgram",value:function(t,r){var i,o,s=this.internals.edgeDataCache[t],l=this.internals.graph.source(t),u=this.internals.graph.target(t),d=this.internals.edgeDataTexture.allocate(t);this.edgeTextureIndexCache[t]=d;var c=l===u,h=!c&&((i=(o=this.stateManager.getEdgeState(t))===null||o===void 0?void 0:o.parallelCount)!==null&&i!==void 0?i:1)>1,f=this.edgeProgram.resolveEdgeIds(s,c,h),g=f.pathId,p=f.headId,m=f.tailId,v=f.headLengthRatio,y=f.tailLengthRatio;this.internals.edgeDataTexture.updateEdge(t,this.internals.nodeDataTexture.getIndex(l),this.internals.nodeDataTexture.getIndex(u),s.size,v,y,g,p,m),this.edgeProgram.process($t(this.pickingState,"edge",t),r,this.internals.nodeDataCache[l],this.internals.nodeDataCache[u],s,d),this.edgeProgramIndex[t]=r}},{key:"getRenderParams",value:function(){return{frameId:this.frameId,matrix:this.matrix,invMatrix:this.invMatrix,width:this.width,height:this.height,pixelRatio:this.internals.pixelRatio,zoomRatio:this.camera.ratio,cameraAngle:this.camera.angle,sizeRatio:1/this.scaleSize(),correctionRatio:this.correctionRatio,downSizingRatio:this.internals.settings.pickingDownSizingRatio,minEdgeThickness:this.internals.settings.minEdgeThickness,antiAliasingFeather:this.internals.settings.antiAliasingFeather,nodePickingPadding:this.internals.settings.nodePickingPadding,edgePickingPadding:this.internals.settings.edgePickingPadding,labelPickingPadding:this.internals.settings.labelPickingPadding,nodeDataTextureUnit:Cs,nodeDataTextureWidth:this.internals.nodeDataTexture.getTextureWidth(),nodeFrameTextureUnit:Ls,nodeFrameTextureWidth:this.internals.nodeFrameTexture.getTextureWidth(),edgeDataTextureUnit:ks,edgeDataTextureWidth:this.internals.edgeDataTexture.getTextureWidth(),edgeFrameTextureUnit:Ds,edgeFrameTextureWidth:this.internals.edgeFrameTexture.getTextureWidth(),pickingFrameBuffer:this.pickingFrameBuffer,labelPixelSnapping:this.internals.settings.labelPixelSnapping?1:0}}},{key:"getStagePadding",value:function(){var t=this.internals.settings,r=t.stagePadding,i=t.autoRescale;return i&&r||0}},{key:"getLayerElement",value:function(t){if(t==="mouse")return this.mouseLayer;var r=this.extraElements[t];if(!r)throw new Error('Sigma: layer "'.concat(t,'" does not exist'));return r}},{key:"initWebGLContext",value:function(){var t=this,r=this.createWebGLContext("stage");this.stageCanvas=this.extraElements.stage,this.webGLContext=r,this.stageCanvas.addEventListener("webglcontextlost",function(i){t.webGLContext&&(i.preventDefault(),t.contextLost=!0,t.renderFrame&&(cancelAnimationFrame(t.renderFrame),t.renderFrame=null),t.gpuTimerExt=void 0,t.activeGpuTimerQuery=null,t.pendingGpuTimerQueries=[],t.emit("webglContextLost"))}),this.stageCanvas.addEventListener("webglcontextrestored",function(){requestAnimationFrame(function(){t.webGLContext&&!t.webGLContext.isContextLost()&&t.restoreWebGLContext()})}),this.initPickingFramebuffer()}},{key:"initPickingFramebuffer",value:function(){var t=this.webGLContext,r=t.createFramebuffer();if(!r)throw new Error("Sigma: cannot create picking frame buffer");t.bindFramebuffer(t.FRAMEBUFFER,r);var i=t.createTexture();if(!i)throw new Error("Sigma: cannot create picking texture");t.bindTexture(t.TEXTURE_2D,i),t.texImage2D(t.TEXTURE_2D,0,t.RGBA,1,1,0,t.RGBA,t.UNSIGNED_BYTE,null),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_MIN_FILTER,t.NEAREST),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_MAG_FILTER,t.NEAREST),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_WRAP_S,t.CLAMP_TO_EDGE),t.texParameteri(t.TEXTURE_2D,t.TEXTURE_WRAP_T,t.CLAMP_TO_EDGE),t.framebufferTexture2D(t.FRAMEBUFFER,t.COLOR_ATTACHMENT0,t.TEXTURE_2D,i,0);var o=t.createRenderbuffer();if(!o)throw new Error("Sigma: cannot create picking depth buffer");if(t.bindRenderbuffer(t.RENDERBUFFER,o),t.renderbufferStorage(t.RENDERBUFFER,t.DEPTH_COMPONENT16,1,1),t.framebufferRenderbuffer(t.FRAMEBUFFER,t.DEPTH_ATTACHMENT,t.RENDERBUFFER,o),t.checkFramebufferStatus(t.FRAMEBUFFER)!==t.FRAMEBUFFER_COMPLETE)throw new Error("Sigma: picking framebuffer is not complete");t.bindFramebuffer(t.FRAMEBUFFER,null),this.pickingFrameBuffer=r,this.pickingTexture=i,this.pickingDepthBuffer=o}},{key:"initPrograms",value:function(t,r){var i=this,o=this.webGLContext,s=os(o,this.pickingFrameBuffer,i,t?.nodes,r.antialiasNodes),l=s.nodeProgram,u=s.labelProgram,d=s.backdropProgram,c=s.labelBackgroundProgram,h=s.attachmentProgram,f=s.framePass,g=s.shapeSlug,p=s.shapeNameToIndex,m=s.shapeGlobalIds,v=s.variables;this.nodeProgram=l,this.nodeFramePass=f,this.nodeVariableEntries=Object.entries(v),g&&(this.nodeShapeSlug=g);var y=ss(o,this.pickingFrameBuffer,i,t?.edges,r.antialiasEdges,t?.nodes),b=y.edgeProgram,x=y.createLabelPrograms,_=y.framePass,E=y.variables,w=y.paths;return this.createEdgeLabelPrograms=x,this.edgeProgram=b,this.edgeFramePass=_,this.edgeVariableEntries=Object.entries(E),this.edgePathsByName=new Map(w.map(function(A){return[A.name,A]})),{labelProgram:u,edgeLabelProgram:null,edgeLabelBackgroundProgram:null,backdropProgram:d,labelBackgroundProgram:c,attachmentProgram:h,nodeShapeMap:p??null,nodeGlobalShapeIds:m??null}}},{key:"restoreWebGLContext",value:function(){var t,r,i,o,s,l=this.internals;this.initPickingFramebuffer(),(t=l.nodeDataTexture)===null||t===void 0||t.restore(),(r=l.nodeFrameTexture)===null||r===void 0||r.restore(),(i=l.edgeDataTexture)===null||i===void 0||i.restore(),(o=l.edgeFrameTexture)===null||o===void 0||o.restore(),(s=l.attachmentManager)===null||s===void 0||s.restore(),l.hoverResolver.reset(),Object.assign(l,this.initPrograms(l.primitives,l.settings));var u=U(this.customLayerPrograms.values()),d;try{for(u.s();!(d=u.n()).done;){var c=d.value;c.program.kill(),c.program=c.factory(this.webGLContext)}}catch(h){u.e(h)}finally{u.f()}this.contextLost=!1,this.emit("webglContextRestored"),this.refresh()}},{key:"createLayer",value:function(t,r){var i=arguments.length>2&&arguments[2]!==void 0?arguments[2]:{};if(this.extraElements[t])throw new Error('Sigma: a layer named "'.concat(t,'" already exists'));var o=cn(r,{position:"absolute"},{class:"sigma-".concat(t)});return i.style&&Object.assign(o.style,i.style),this.extraElements[t]=o,"beforeLayer"in i&&i.beforeLayer?this.getLayerElement(i.beforeLayer).before(o):"afterLayer"in i&&i.afterLayer?this.getLayerElement(i.afterLayer).after(o):this.container.appendChild(o),o}},{key:"createCanvas",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{};return this.createLayer(t,"canvas",r)}},{key:"createWebGLContext",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{},i=this.createCanvas(t,r);r.hidden&&i.remove();var o=i.getContext("webgl2",$({preserveDrawingBuffer:!1,antialias:!1,depth:!0},r));if(!o)throw new Error("Sigma: WebGL 2 is not supported by your browser. Please use a modern browser (Chrome 56+, Firefox 51+, Safari 15+, Edge 79+).");return o.blendFunc(o.ONE,o.ONE_MINUS_SRC_ALPHA),o}},{key:"killLayer",value:function(t){if(t==="stage"||t==="mouse")throw new Error('Sigma: cannot kill built-in layer "'.concat(t,'"'));var r=this.extraElements[t];if(!r)throw new Error("Sigma: cannot kill layer ".concat(t,", which does not exist"));return r.remove(),delete this.extraElements[t],this}},{key:"getWebGLContext",value:function(){if(!this.webGLContext)throw new Error("Sigma: WebGL context is not available");return this.webGLContext}},{key:"getNodeDataTexture",value:function(){if(!this.internals.nodeDataTexture)throw new Error("Sigma: node data texture is not available");return this.internals.nodeDataTexture}},{key:"getNormalizationFunction",value:function(){return this.normalizationFunction}},{key:"addCustomLayerProgram",value:function(t,r,i){var o;if(!this.depthLayers.includes(r))throw new Error('Sigma: cannot add custom layer program at depth "'.concat(r,'", ')+"it must be declared in primitives.depthLayers. Current layers: ".concat(this.depthLayers.join(", ")));(o=this.customLayerPrograms.get(t))===null||o===void 0||o.program.kill();var s=i(this.webGLContext);return this.customLayerPrograms.set(t,{depth:r,factory:i,program:s}),s.cacheData&&s.cacheData(),this.scheduleRender(),this}},{key:"removeCustomLayerProgram",value:function(t){var r=this.customLayerPrograms.get(t);return r&&(r.program.kill(),this.customLayerPrograms.delete(t),this.scheduleRender()),this}},{key:"getCamera",value:function(){return this.camera}},{key:"setCamera",value:function(t){return this.camera.cancelAnimation(),this.unbindCameraHandlers(),this.camera=t,this.bindCameraHandlers(),this.scheduleRender(),this}},{key:"getContainer",value:function(){return this.container}},{key:"getGraph",value:function(){return this.internals.graph}},{key:"setGraph",value:function(t){return t===this.internals.graph?this:(this.stateManager.pruneNodes(function(r){return t.hasNode(r)}),this.stateManager.pruneEdges(function(r){return t.hasEdge(r)}),this.unbindGraphHandlers(),this.checkEdgesEventsFrame!==null&&(cancelAnimationFrame(this.checkEdgesEventsFrame),this.checkEdgesEventsFrame=null),this.internals.graph=t,this.autoRescaleFrozen=!1,this.bindGraphHandlers(),this.refresh(),this)}},{key:"getMouseCaptor",value:function(){return this.mouseCaptor}},{key:"getTouchCaptor",value:function(){return this.touchCaptor}},{key:"getDimensions",value:function(){return{width:this.width,height:this.height}}},{key:"getGraphDimensions",value:function(){var t=this.customBBox||this.nodeExtent;return{width:t.x[1]-t.x[0]||1,height:t.y[1]-t.y[0]||1}}},{key:"getNodeDisplayData",value:function(t){var r=this.internals.nodeDataCache[t];return r?Object.assign({},r):void 0}},{key:"getEdgeDisplayData",value:function(t){var r=this.internals.edgeDataCache[t];return r?Object.assign({},r):void 0}},{key:"getNodeState",value:function(t){return this.stateManager.getNodeState(t)}},{key:"getEdgeState",value:function(t){return this.stateManager.getEdgeState(t)}},{key:"getGraphState",value:function(){return this.stateManager.getGraphState()}},{key:"setNodeState",value:function(t,r){return this.stateManager.setNodeState(t,r),this}},{key:"setEdgeState",value:function(t,r){return this.stateManager.setEdgeState(t,r),this}},{key:"setGraphState",value:function(t){return this.stateManager.setGraphState(t),this}},{key:"_setPanning",value:function(t){this.stateManager.setGraphState({isPanning:t})}},{key:"_setZooming",value:function(t){this.stateManager.setGraphState({isZooming:t})}},{key:"_hasNodeDrag",value:function(){var t=this.internals.dragManager;return!!(t.pendingNode||t.session)}},{key:"_showGestureHint",value:function(t){var r=this.internals.settings;r.gestureTarget==="shared"&&(this.gestureHint=this.gestureHint||new Af(this.container),this.gestureHint.show(t,r))}},{key:"setNodesState",value:function(t,r){return this.stateManager.setNodesState(t,r),this}},{key:"setEdgesState",value:function(t,r){return this.stateManager.setEdgesState(t,r),this}},{key:"updateContainerCursor",value:function(){var t=this.stateManager.hovered,r=this.resolvedStageStyle.cursor||"";this.container.style.cursor=t&&cf(this.internals,t)||r}},{key:"refreshStageStyle",value:function(){this.resolvedStageStyle=Pr(this.stylesDeclaration.stage,this.stateManager.graphState),this.resolvedStageStyle.background!==void 0&&(this.container.style.backgroundColor=this.resolvedStageStyle.background),this.updateContainerCursor()}},{key:"getNodeDisplayedLabels",value:function(){return new Set(this.labelRenderer.displayedNodeLabels)}},{key:"getEdgeDisplayedLabels",value:function(){return new Set(this.labelRenderer.displayedEdgeLabels)}},{key:"getSettings",value:function(){return $({},this.internals.settings)}},{key:"getSetting",value:function(t){return this.internals.settings[t]}},{key:"getStyles",value:function(){return $({},this.stylesDeclaration)}},{key:"getPrimitives",value:function(){return $({},this.internals.primitives)}},{key:"setSetting",value:function(t,r){return this.internals.settings[t]=r,Ra(this.internals.settings),this.handleSettingsUpdate(),this.scheduleRefresh(),this}},{key:"updateSetting",value:function(t,r){return this.setSetting(t,r(this.internals.settings[t])),this}},{key:"setSettings",value:function(t){return this.internals.settings=$($({},this.internals.settings),t),Ra(this.internals.settings),this.handleSettingsUpdate(),this.scheduleRefresh(),this}},{key:"resize",value:function(t){var r=this.width,i=this.height;if(this.width=this.container.offsetWidth,this.height=this.container.offsetHeight,this.internals.pixelRatio=In(),this.width===0)if(this.internals.settings.allowInvalidContainer)this.width=1;else throw new Error("Sigma: Container has no width. You can set the allowInvalidContainer setting to true to stop seeing this error.");if(this.height===0)if(this.internals.settings.allowInvalidContainer)this.height=1;else throw new Error("Sigma: Container has no height. You can set the allowInvalidContainer setting to true to stop seeing this error.");if(!t&&r===this.width&&i===this.height)return this;this.labelRenderer.labelsDirty=!0;for(var o=0,s=[this.mouseLayer].concat(Q(Object.values(this.extraElements)));o<s.length;o++){var l=s[o];l.style.width=this.width+"px",l.style.height=this.height+"px"}return this.webGLContext&&(this.stageCanvas.setAttribute("width",this.width*this.internals.pixelRatio+"px"),this.stageCanvas.setAttribute("height",this.height*this.internals.pixelRatio+"px"),this.webGLContext.viewport(0,0,this.width*this.internals.pixelRatio,this.height*this.internals.pixelRatio)),this.emit("resize"),this}},{key:"clear",value:function(){return this.emit("beforeClear"),this.webGLContext.bindFramebuffer(WebGLRenderingContext.FRAMEBUFFER,null),this.webGLContext.clear(WebGLRenderingContext.COLOR_BUFFER_BIT),this.emit("afterClear"),this}},{key:"scheduleStateRefresh",value:function(){this.needToRefreshState=!0,this.scheduleRender()}},{key:"refreshState",value:function(){var t=this,r;this.stateManager.flushGraphStateFlags();var i=this.stateManager.graphStateChanged&&this.internals.nodeStyleAnalysis.dependency==="graph-state",o=this.stateManager.graphStateChanged&&this.edgeStyleAnalysis.dependency==="graph-state",s=!1;if(i)this.internals.graph.forEachNode(function(g){t.refreshNodeState(g)&&(s=!0)});else if(this.internals.nodeStyleAnalysis.dependency!=="static"){var l=U(this.stateManager.dirtyNodes),u;try{for(l.s();!(u=l.n()).done;){var d=u.value;this.refreshNodeState(d)&&(s=!0)}}catch(g){l.e(g)}finally{l.f()}}if(o)this.internals.graph.forEachEdge(function(g){t.refreshEdgeState(g)&&(s=!0)});else if(this.edgeStyleAnalysis.dependency!=="static"){var c=U(this.stateManager.dirtyEdges),h;try{for(c.s();!(h=c.n()).done;){var f=h.value;this.refreshEdgeState(f)&&(s=!0)}}catch(g){c.e(g)}finally{c.f()}}this.stateManager.graphStateChanged&&(r=this.stylesDeclaration)!==null&&r!==void 0&&r.stage&&this.refreshStageStyle(),this.stateManager.clearDirtyTracking(),s&&(this.pendingProcess="full")}},{key:"refreshNodeState",value:function(t){var r=this.internals.nodeDataCache[t];if(!r||this.nodeReducer){var i,o,s,l,u=(i=this.internals.nodeDataCache[t])===null||i===void 0?void 0:i.depth,d=(o=this.internals.nodeDataCache[t])===null||o===void 0?void 0:o.zIndex,c=(s=this.internals.nodeDataCache[t])===null||s===void 0?void 0:s.labelAttachment;this.updateNode(t);var h=this.internals.nodeDataCache[t];this.internals.attachmentManager&&h.labelAttachment!==c&&this.internals.attachmentManager.invalidateNode(t);var f;this.internals.nodeShapeMap&&this.internals.nodeGlobalShapeIds&&h.shape&&h.shape in this.internals.nodeShapeMap?f=this.internals.nodeGlobalShapeIds[this.internals.nodeShapeMap[h.shape]]:f=Wn(h.shape||"circle"),(l=this.internals.nodeDataTexture).updateNode.apply(l,[t,h.x,h.y,h.size,f].concat(Q(Sa(h)),[h.color])),u&&h.depth!==u&&this.updateNodeDepthRanges(t,u,h.depth);var g=this.nodeProgramIndex[t];return g!==void 0&&(this.addNodeToProgram(t,g),this.nodeProgram.invalidateBuffers()),d!==void 0&&h.zIndex!==d}var p=this.internals.graph.getNodeAttributes(t),m=this.stateManager.getNodeState(t),v=r.size,y=r.shape,b=r.depth,x=r.zIndex,_=r.labelAttachment,E=r.rotationAlignment,w=r.labelRotationAlignment,A=r.color;Cr(this.stylesDeclaration.nodes,p,m,this.stateManager.graphState,this.internals.graph,r),this.postEvaluateNode(r,p,m);var S=this.nodeGraphCoords[t],L=r.x!==S.x||r.y!==S.y;if(L&&(S.x=r.x,S.y=r.y),this.normalizationFunction.applyTo(r),this.internals.nodeShapeMap?(!r.shape||!(r.shape in this.internals.nodeShapeMap))&&(r.shape=Object.keys(this.internals.nodeShapeMap)[0]):this.nodeShapeSlug&&(r.shape=this.nodeShapeSlug),this.internals.attachmentManager&&r.labelAttachment!==_&&this.internals.attachmentManager.invalidateNode(t),Nt(this.internals.nodesWithForcedLabels,t,Tt(r)),Nt(this.internals.nodesWithBackdrop,t,Fr(r)),L||r.size!==v||r.shape!==y||r.rotationAlignment!==E||r.labelRotationAlignment!==w||r.color!==A){var G,C;this.internals.nodeShapeMap&&this.internals.nodeGlobalShapeIds&&r.shape&&r.shape in this.internals.nodeShapeMap?C=this.internals.nodeGlobalShapeIds[this.internals.nodeShapeMap[r.shape]]:C=Wn(r.shape||"circle"),(G=this.internals.nodeDataTexture).updateNode.apply(G,[t,r.x,r.y,r.size,C].concat(Q(Sa(r)),[r.color]))}this.itemBuckets.nodes.set(t,r.depth),r.depth!==b&&this.updateNodeDepthRanges(t,b,r.depth);var N=this.nodeProgramIndex[t];return N!==void 0&&(this.addNodeToProgram(t,N),this.nodeProgram.invalidateBuffers()),r.zIndex!==x}},{key:"refreshEdgeState",value:function(t){var r=this.internals.edgeDataCache[t];if(!r||this.edgeReducer){var i=r?.depth,o=r?.zIndex;this.updateEdge(t);var s=this.internals.edgeDataCache[t];i&&s.depth!==i&&this.updateEdgeDepthRanges(t,i,s.depth);var l=this.edgeProgramIndex[t];return l!==void 0&&(this.addEdgeToProgram(t,l),this.edgeProgram.invalidateBuffers()),o!==void 0&&s.zIndex!==o}var u=this.internals.graph.getEdgeAttributes(t),d=this.stateManager.getEdgeState(t),c=r.depth,h=r.zIndex,f=r.size,g=r.path,p=r.selfLoopPath,m=r.parallelPath,v=r.head,y=r.tail;kr(this.stylesDeclaration.edges,u,d,this.stateManager.graphState,this.internals.graph,r),this.postEvaluateEdge(r,u),this.applyEdgeSpread(t,r,d),Nt(this.internals.edgesWithForcedLabels,t,Tt(r)),this.itemBuckets.edges.set(t,r.depth),r.depth!==c&&this.updateEdgeDepthRanges(t,c,r.depth);var b=this.edgeProgramIndex[t];if(b!==void 0){var x=r.size!==f||r.path!==g||r.selfLoopPath!==p||r.parallelPath!==m||r.head!==v||r.tail!==y;if(x)this.addEdgeToProgram(t,b),this.edgeProgram.invalidateBuffers();else{var _=this.internals.graph.source(t),E=this.internals.graph.target(t),w=this.internals.nodeDataCache[_],A=this.internals.nodeDataCache[E],S=this.edgeTextureIndexCache[t];this.edgeProgram.process($t(this.pickingState,"edge",t),b,w,A,r,S),this.edgeProgram.invalidateBuffers()}}return r.zIndex!==h}},{key:"refresh",value:function(t){var r=this,i=t?.skipIndexation!==void 0?t?.skipIndexation:!1,o=t?.schedule!==void 0?t.schedule:!1,s=!t||!t.partialGraph;if(s)this.clearEdgeIndices(),this.clearNodeIndices(),this.internals.graph.forEachNode(function(w){return r.addNode(w)}),this.edgeGroups.rebuild(),this.internals.graph.forEachEdge(function(w){return r.addEdge(w)}),this.pendingProcess="full";else{for(var l,u,d=((l=t.partialGraph)===null||l===void 0?void 0:l.nodes)||[],c=0,h=d?.length||0;c<h;c++){var f,g,p=""+d[c],m=(f=this.internals.nodeDataCache[p])===null||f===void 0?void 0:f.labelAttachment;if(this.updateNode(p),this.internals.attachmentManager&&((g=this.internals.nodeDataCache[p])!==null&&g!==void 0&&g.labelAttachment||m)&&this.internals.attachmentManager.invalidateNode(p),i){var v=this.nodeProgramIndex[p];if(v===void 0)throw new Error('Sigma: node "'.concat(p,`" can't be repaint`));this.addNodeToProgram(p,v)}}i&&d.length>0&&(this.nodeProgram.invalidateBuffers(),this.labelRenderer.labelsDirty=!0);for(var y=(t==null||(u=t.partialGraph)===null||u===void 0?void 0:u.edges)||[],b=0,x=y.length;b<x;b++){var _=""+y[b];if(this.updateEdge(_),i){var E=this.edgeProgramIndex[_];if(E===void 0)throw new Error('Sigma: edge "'.concat(_,`" can't be repaint`));this.addEdgeToProgram(_,E)}}i&&y.length>0&&(this.edgeProgram.invalidateBuffers(),this.labelRenderer.labelsDirty=!0),!i&&this.pendingProcess!=="full"&&(this.pendingProcess=y.length>0?"full":"nodes")}return o?this.scheduleRender():this.render(),this}},{key:"scheduleRender",value:function(){var t=this;return this.renderFrame||(this.renderFrame=requestAnimationFrame(function(){t.render()})),this}},{key:"scheduleRefresh",value:function(t){return this.refresh($($({},t),{},{schedule:!0}))}},{key:"getViewportZoomedState",value:function(t,r){var i=this.camera.getState(),o=i.ratio,s=i.angle,l=i.x,u=i.y,d=this.internals.settings,c=d.minCameraRatio,h=d.maxCameraRatio;typeof h=="number"&&(r=Math.min(r,h)),typeof c=="number"&&(r=Math.max(r,c));var f=r/o,g={x:this.width/2,y:this.height/2},p=this.viewportToFramedGraph(t),m=this.viewportToFramedGraph(g);return{angle:s,x:(p.x-m.x)*(1-f)+l,y:(p.y-m.y)*(1-f)+u,ratio:r}}},{key:"viewRectangle",value:function(){var t=this.viewportToFramedGraph({x:0,y:0}),r=this.viewportToFramedGraph({x:this.width,y:0}),i=this.viewportToFramedGraph({x:0,y:this.height});return{x1:t.x,y1:t.y,x2:r.x,y2:r.y,height:r.y-i.y}}},{key:"framedGraphToViewport",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{},i=!!r.cameraState||!!r.viewportDimensions||!!r.graphDimensions||!!r.padding,o=r.matrix||(i?bt(r.cameraState||this.camera.getState(),r.viewportDimensions||this.getDimensions(),r.graphDimensions||this.getGraphDimensions(),r.padding||this.getStagePadding()):this.matrix),s=rn(o,t);return{x:(1+s.x)*this.width/2,y:(1-s.y)*this.height/2}}},{key:"viewportToFramedGraph",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{},i=!!r.cameraState||!!r.viewportDimensions||!!r.graphDimensions||!!r.padding,o=r.matrix||(i?bt(r.cameraState||this.camera.getState(),r.viewportDimensions||this.getDimensions(),r.graphDimensions||this.getGraphDimensions(),r.padding||this.getStagePadding(),!0):this.invMatrix),s=rn(o,{x:t.x/this.width*2-1,y:1-t.y/this.height*2});return isNaN(s.x)&&(s.x=0),isNaN(s.y)&&(s.y=0),s}},{key:"viewportToGraph",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{};return this.normalizationFunction.inverse(this.viewportToFramedGraph(t,r))}},{key:"graphToViewport",value:function(t){var r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:{};return this.framedGraphToViewport(this.normalizationFunction(t),r)}},{key:"graphToFramedGraph",value:function(t){return this.normalizationFunction(t)}},{key:"framedGraphToGraph",value:function(t){return this.normalizationFunction.inverse(t)}},{key:"getGraphToViewportRatio",value:function(){var t={x:0,y:0},r={x:1,y:1},i=Math.sqrt(Math.pow(t.x-r.x,2)+Math.pow(t.y-r.y,2)),o=this.graphToViewport(t),s=this.graphToViewport(r),l=Math.sqrt(Math.pow(o.x-s.x,2)+Math.pow(o.y-s.y,2));return l/i}},{key:"computeNodeExtent",value:function(){var t=this.nodeGraphCoords,r=Object.keys(t);if(!r.length)return{x:[0,1],y:[0,1]};for(var i=1/0,o=-1/0,s=1/0,l=-1/0,u=0,d=r.length;u<d;u++){var c=t[r[u]],h=c.x,f=c.y;h<i&&(i=h),h>o&&(o=h),f<s&&(s=f),f>l&&(l=f)}return{x:[i,o],y:[s,l]}}},{key:"getBBox",value:function(){return this.nodeExtent}},{key:"getCustomBBox",value:function(){return this.customBBox}},{key:"setCustomBBox",value:function(t){return this.customBBox=t,this.scheduleRender(),this}},{key:"kill",value:function(){var t,r,i,o,s;this.emit("kill"),this.removeAllListeners(),this.camera.cancelAnimation(),this.unbindCameraHandlers(),window.removeEventListener("resize",this.activeListeners.handleResize),this.mouseCaptor.kill(),this.touchCaptor.kill(),this.internals.hoverResolver.kill(),this.unbindGraphHandlers(),this.clearIndices(),this.clearState(),this.internals.nodeDataCache={},this.internals.edgeDataCache={},this.renderFrame&&(cancelAnimationFrame(this.renderFrame),this.renderFrame=null);for(var l=this.container;l.firstChild;)l.removeChild(l.firstChild);this.nodeProgram.kill(),this.nodeFramePass.kill(),this.edgeProgram.kill(),this.edgeFramePass.kill(),this.internals.labelProgram.kill(),(t=this.internals.edgeLabelProgram)===null||t===void 0||t.kill(),(r=this.internals.edgeLabelBackgroundProgram)===null||r===void 0||r.kill(),this.internals.backdropProgram.kill(),this.internals.labelBackgroundProgram.kill(),(i=this.internals.attachmentProgram)===null||i===void 0||i.kill(),(o=this.internals.attachmentManager)===null||o===void 0||o.kill(),this.internals.attachmentProgram=null,this.internals.attachmentManager=null;var u=U(this.customLayerPrograms.values()),d;try{for(u.s();!(d=u.n()).done;){var c=d.value.program;c.kill()}}catch(g){u.e(g)}finally{u.f()}if(this.customLayerPrograms.clear(),this.sdfAtlas&&(this.sdfAtlas=null),this.internals.nodeDataTexture&&(this.internals.nodeDataTexture.kill(),this.internals.nodeDataTexture=null),this.internals.nodeFrameTexture&&(this.internals.nodeFrameTexture.kill(),this.internals.nodeFrameTexture=null),this.internals.edgeDataTexture&&(this.internals.edgeDataTexture.kill(),this.internals.edgeDataTexture=null),this.internals.edgeFrameTexture&&(this.internals.edgeFrameTexture.kill(),this.internals.edgeFrameTexture=null),this.webGLContext){var h;(h=this.webGLContext.getExtension("WEBGL_lose_context"))===null||h===void 0||h.loseContext(),this.webGLContext=null}(s=this.gestureHint)===null||s===void 0||s.kill(),this.gestureHint=null,this.mouseLayer.remove();for(var f in this.extraElements)this.extraElements[f].remove();this.extraElements={}}},{key:"scaleSize",value:function(){var t=arguments.length>0&&arguments[0]!==void 0?arguments[0]:1,r=arguments.length>1&&arguments[1]!==void 0?arguments[1]:this.camera.ratio;return t/this.internals.settings.zoomToSizeRatioFunction(r)*(this.getSetting("itemSizesReference")==="positions"?r*this.graphToViewportRatio:1)}},{key:"getStageCanvas",value:function(){return this.stageCanvas}},{key:"getMouseLayer",value:function(){return this.mouseLayer}}])})(Ea),zs=Ff;var Hv=Qe(Ft());var jv=Qe(Ft());var Pl=Qe(Hs()),yi=Qe(Zs()),Il=Qe(Tl()),Te=document.getElementById("graph-app"),pg=Te?Te.dataset.case:null,Fl=n=>`/cases/${encodeURIComponent(pg)}/api/graph/${n}`,Gl=()=>document.querySelector('meta[name="csrf-token"]').content,Ja=["#1f77b4","#d62728","#2ca02c","#9467bd","#ff7f0e","#17becf","#8c564b","#e377c2","#7f7f7f","#bcbd22"],Za={},er={"TLP:CLEAR":0,"TLP:GREEN":1,"TLP:AMBER":2,"TLP:AMBER+STRICT":3,"TLP:RED":4},zl=3e3,mg=.15,H=new fe({multi:!1,type:"undirected"}),B={highlighted:new Set,expanded:new Map,selected:null,layout:null,filters:{schema:"",from:"",until:"",weight:0,tlp:"",measure:"degree"},marked:new Set,path:null,removed:null,groups:new Map,groupCount:0,window:null,communities:null,measure:null,measureAsked:null,layoutCopy:null,frameMs:0,drawn:Promise.resolve()},Xn=864e5,re=null;function ee(n,a,e){let t=document.createElement(n);return a!=null&&(t.textContent=String(a)),e&&(t.className=e),t}function ve(n,a=!1){let e=document.getElementById("graph-status");e.textContent=n,e.classList.toggle("error",a)}async function mt(n,a={}){let e={Accept:"application/json",...a.headers||{}};a.method&&a.method!=="GET"&&(e["X-CSRF-Token"]=Gl());let t=await fetch(Fl(n),{...a,headers:e,credentials:"same-origin"}),r=null;try{r=await t.json()}catch{r=null}if(!t.ok)throw new Error(r&&r.error||`the workspace answered ${t.status}`);return r}function Nl(n){return Za[n]||(Za[n]=Ja[Object.keys(Za).length%Ja.length]),Za[n]}function Kn(n,a){if(H.hasNode(n.id))return!1;let e=a&&H.hasNode(a)?H.getNodeAttributes(a):{x:0,y:0},t=Math.random()*2*Math.PI;return H.addNode(n.id,{label:n.name,schema:n.schema||"Thing",handling_code:n.handling_code||"",first:n.first||null,last:n.last||null,note:n.note||"",group:n.group||!1,x:n.x??e.x+Math.cos(t)*(a?1:.1),y:n.y??e.y+Math.sin(t)*(a?1:.1),size:5,color:Nl(n.schema||"Thing")}),!0}function bi(n,a,e){if(n===a||!H.hasNode(n)||!H.hasNode(a))return;let t=H.edge(n,a);if(t){let r=new Set(String(H.getEdgeAttribute(t,"kind")).split(", "));r.add(e.kind),H.mergeEdgeAttributes(t,{kind:[...r].join(", "),weight:Math.max(H.getEdgeAttribute(t,"weight"),e.weight)});return}H.addEdge(n,a,{kind:e.kind,weight:e.weight||1,first:e.first||null,last:e.last||null,size:1,color:"#9aa5b5"})}function qt(n){if(!re)return n();re.unbindGraphHandlers();try{return n()}finally{re.bindGraphHandlers()}}async function Wl(n){return B.expanded.has(n)||B.expanded.set(n,await mt(`neighbours?entity=${encodeURIComponent(n)}`)),B.expanded.get(n)}async function Ol(n){try{let a=await Wl(n);Kn({...a.entity}),_i(a.entity.id),nt(!0)}catch(a){ve(a.message,!0)}}function El(n,a){let e=B.expanded.get(n);if(!e)return 0;let t=0;return qt(()=>{for(let r of e.neighbours)a&&r.kind!==a||(Kn(r,n)&&(t+=1),bi(n,r.id,{...r,weight:r.ties||r.weight}))}),nt(!0),ve(`${t.toLocaleString()} added${a?` by ${a}`:""}`),t}async function _i(n){B.selected=n;let a=document.getElementById("graph-selected");a.replaceChildren(ee("p","Loading the links\u2026","hint"));let e;if(H.hasNode(n)&&H.getNodeAttribute(n,"group")){wl(n);return}try{e=await Wl(n)}catch(f){B.selected===n&&a.replaceChildren(ee("p",f.message,"error"));return}if(B.selected!==n||!H.hasNode(n))return;let t=H.getNodeAttributes(n);if(t.group){wl(n);return}let r=ee("h2",t.label),i=ee("span",t.handling_code,`tlp tlp-${(t.handling_code||"").replace("TLP:","").replace("+","-").toLowerCase()}`),o=ee("p",null,"muted");o.id="selected-facts",xi(o,n);let s=ee("ul",null,"graph-kinds"),l={};for(let f of e.neighbours)l[f.kind]=(l[f.kind]||0)+1;for(let[f,g]of Object.entries(e.kinds)){let p=ee("li"),m=ee("button",`${f} ${g.toLocaleString()}`);m.type="button",m.dataset.kind=f,m.addEventListener("click",()=>El(n,f)),p.append(m),(l[f]||0)<g&&p.append(ee("span",` showing ${(l[f]||0).toLocaleString()} of ${g.toLocaleString()}`,"muted")),s.append(p)}let u=ee("button","Expand every kind");u.type="button",u.id="btn-expand-all",u.addEventListener("click",()=>El(n,null));let d=ee("button","Remove from chart");d.type="button",d.addEventListener("click",()=>{H.dropNode(n),B.selected=null,a.replaceChildren(),nt(!1)});let c=ee("button",B.marked.has(n)?"Unmark":"Mark");c.type="button",c.id="btn-mark",c.addEventListener("click",()=>{vi(n),c.textContent=B.marked.has(n)?"Unmark":"Mark"});let h=[c];if(B.communities&&B.communities[n]!==void 0){let f=ee("button","Group its community");f.type="button",f.id="btn-group-community",f.addEventListener("click",()=>{let g=B.communities[n];pi(H.filterNodes(p=>B.communities[p]===g&&!H.getNodeAttribute(p,"group")))}),h.push(f)}a.replaceChildren(r,i,o,s,u,d,...h,yg(n)),e.withheld&&a.append(ee("p",`${e.withheld.toLocaleString()} values or links above your clearance are not shown`,"muted"))}function xi(n,a){let e=H.getNodeAttributes(a);n.textContent=`${e.schema} \xB7 ${H.degree(a).toLocaleString()} links on the chart`}function yg(n){let a=ee("div"),e=ee("label","Note on this node");e.htmlFor="node-note";let t=ee("textarea",null,"graph-note");return t.id="node-note",t.rows=2,t.value=H.getNodeAttribute(n,"note")||"",t.addEventListener("input",()=>{H.hasNode(n)&&H.setNodeAttribute(n,"note",t.value),re&&re.refresh()}),a.append(e,t),a}function vi(n){B.marked.has(n)?B.marked.delete(n):B.marked.add(n),rr()}function rr(){for(let a of[...B.marked])H.hasNode(a)||B.marked.delete(a);let n=[...B.marked].map(a=>H.getNodeAttribute(a,"label"));document.getElementById("marked-list").textContent=n.length?`${n.length.toLocaleString()} marked: ${n.join(", ")}`:"None marked.",Te.dataset.marked=[...B.marked].join(`
`),re&&re.refresh()}function bg(n){let a=n.first?n.first===n.last?n.first:`${n.first} to ${n.last}`:"undated";return`${n.kinds.join(", ")||"link"} \xB7 ${a} \xB7 ${n.ties.toLocaleString()} ${n.ties===1?"tie":"ties"}`}async function _g(){let n=[...B.marked],a=document.getElementById("graph-path");if(n.length!==2||n.some(l=>H.getNodeAttribute(l,"group"))){ve("mark exactly two nodes (not groups) for a path",!0);return}ve("finding the path\u2026");let e;try{e=await mt(`path?source=${encodeURIComponent(n[0])}&target=${encodeURIComponent(n[1])}`)}catch(l){ve(l.message,!0);return}let t=ee("h2",`Path: ${e.source.name} to ${e.target.name}`);if(!e.paths.length){B.path=null,a.replaceChildren(t,ee("p",e.reason)),ve(e.reason),re&&re.refresh();return}let r=e.paths[0],i=ee("ol"),o=new Set,s=0;for(let l of r.hops){Kn({id:l.target.id,name:l.target.name},l.source.id)&&(s+=1),Kn({id:l.source.id,name:l.source.name},l.target.id)&&(s+=1),bi(l.source.id,l.target.id,{kind:l.kinds.join(", "),weight:l.ties,first:l.first,last:l.last}),o.add(H.edge(l.source.id,l.target.id));let u=ee("li");u.append(ee("strong",`${l.source.name} \u2014 ${l.target.name}`),ee("br"),ee("span",bg(l),"muted"));let d=ee("ul");for(let c of l.evidence){let h=c.first?c.first===c.last?`, ${c.first}`:`, ${c.first} to ${c.last}`:"",f=ee("li",`${c.file}, ${c.row} (${c.kind}${h})`);f.title=`sha256 ${c.sha256}`,d.append(f)}l.ties>l.evidence.length&&d.append(ee("li",`showing ${l.evidence.length.toLocaleString()} of ${l.ties.toLocaleString()} ties`,"muted")),u.append(d),i.append(u)}B.path={nodes:new Set(r.nodes),edges:o},Te.dataset.path=r.nodes.join(`
`),a.replaceChildren(t,ee("p",`${r.hops.length.toLocaleString()} ${r.hops.length===1?"hop":"hops"} on the network you may read${e.note?`; ${e.note}`:""}`,"muted"),i),nt(!0),ve(`path of ${r.hops.length} hops drawn${s?`, ${s} actors added to the chart`:""}`)}function Sl(n){let a=new Set(n),e=[];return H.forEachNode(t=>{if(a.has(t))return;a.add(t);let r=0,i=[t];for(;i.length;){let o=i.pop();r+=1,H.forEachNeighbor(o,s=>{a.has(s)||(a.add(s),i.push(s))})}e.push(r)}),e.sort((t,r)=>r-t)}function xg(){let n=document.getElementById("graph-disruption");if(!B.marked.size){ve("mark the actors to remove first",!0);return}let a=new Set(B.marked),e=Sl(new Set),t=Sl(a);B.removed=a;let r=ee("table"),i=(l,u="td")=>{let d=ee("tr");for(let c of l)d.append(ee(u,c));return d};r.append(i(["","before","after"],"th"),i(["actors",H.order.toLocaleString(),(H.order-a.size).toLocaleString()]),i(["largest component",(e[0]||0).toLocaleString(),(t[0]||0).toLocaleString()]),i(["components",e.length.toLocaleString(),t.length.toLocaleString()]));let o=[...a].map(l=>H.getNodeAttribute(l,"label")).join(", "),s=ee("button","End the preview");s.type="button",s.id="btn-disrupt-end",s.addEventListener("click",()=>{B.removed=null,n.replaceChildren(),delete Te.dataset.disruption,re&&re.refresh(),Qn()}),n.replaceChildren(ee("h2","Disruption preview"),ee("p",`Removing ${o}:`),r,ee("p","A preview on the chart's graph only, not on the case's network: 'tnoc network disrupt' is the case-wide analysis.","muted"),s),Te.dataset.disruption=JSON.stringify({before:[e[0]||0,e.length],after:[t[0]||0,t.length]}),re&&re.refresh(),Qn()}function Tg(n){let a=n.slice(0,3).join(", ");return`${n.length} grouped: ${a}${n.length>3?` and ${n.length-3} more`:""}`}function pi(n){let a=n.filter(d=>H.hasNode(d)&&!H.getNodeAttribute(d,"group"));if(a.length<2)return ve("mark two nodes or more (not groups) to group them",!0),null;B.groupCount+=1;let e=`group-${B.groupCount}`,t=new Set(a),r={members:a.map(d=>({id:d,attrs:{...H.getNodeAttributes(d)}})),edges:[]},i=new Set,o=0,s=0;for(let d of a){let c=H.getNodeAttributes(d);o+=c.x/a.length,s+=c.y/a.length,H.forEachEdge(d,(h,f,g,p)=>{i.has(h)||(i.add(h),r.edges.push({source:g,target:p,attrs:{...f}}))})}let u=a.map(d=>H.getNodeAttribute(d,"handling_code")).reduce((d,c)=>(er[c]??-1)>(er[d]??-1)?c:d,"");H.addNode(e,{label:Tg(a.map(d=>H.getNodeAttribute(d,"label"))),schema:"Group",group:!0,handling_code:u,first:null,last:null,note:"",x:o,y:s,size:8,color:"#444"});for(let d of r.edges){let c=t.has(d.source)?d.target:d.source;if(t.has(c))continue;let h=H.edge(e,c);if(h){let f=H.getEdgeAttributes(h),g=new Set([...String(f.kind).split(", "),...String(d.attrs.kind).split(", ")]);H.mergeEdgeAttributes(h,{kind:[...g].join(", "),weight:f.weight+(d.attrs.weight||1),first:[f.first,d.attrs.first].filter(Boolean).sort()[0]||null,last:[f.last,d.attrs.last].filter(Boolean).sort().pop()||null})}else H.addEdge(e,c,{...d.attrs})}for(let d of a)H.dropNode(d),B.marked.delete(d);return B.groups.set(e,r),B.marked.clear(),rr(),nt(!1),_i(e),ve(`${a.length} nodes grouped`),e}function tr(n){if(H.hasNode(n))return n;for(let[a,e]of B.groups)if(e.members.some(t=>t.id===n))return tr(a);return null}function Eg(n){let a=B.groups.get(n);if(a){H.dropNode(n),B.groups.delete(n);for(let e of a.members)H.addNode(e.id,{...e.attrs});for(let e of a.edges){let[t,r]=[tr(e.source),tr(e.target)];t&&r&&t!==r&&!H.hasEdge(t,r)&&H.addEdge(t,r,{...e.attrs})}B.selected=null,document.getElementById("graph-selected").replaceChildren(),nt(!1),ve(`${a.members.length} nodes expanded from the group`)}}function wl(n){B.selected=n;let a=document.getElementById("graph-selected"),e=B.groups.get(n),t=ee("p",null,"muted");t.id="selected-facts",xi(t,n);let r=ee("ul",null,"graph-kinds");for(let o of e.members)r.append(ee("li",o.attrs.label));let i=ee("button","Expand the group");i.type="button",i.id="btn-expand-group",i.addEventListener("click",()=>Eg(n)),a.replaceChildren(ee("h2",H.getNodeAttribute(n,"label")),t,r,i)}function ir(){let n=[],a=[],e=t=>{for(let r of B.groups.get(t).members)r.attrs.group?e(r.id):n.push({id:r.id,...r.attrs});for(let r of B.groups.get(t).edges)!String(r.source).startsWith("group-")&&!String(r.target).startsWith("group-")&&a.push({source:r.source,target:r.target,...r.attrs})};return H.forEachNode((t,r)=>{r.group?e(t):n.push({id:t,...r})}),H.forEachEdge((t,r,i,o,s,l)=>{!s.group&&!l.group&&a.push({source:i,target:o,...r})}),{nodes:n,edges:a}}function Tn(){return{schema:document.getElementById("f-schema").value,from:document.getElementById("f-from").value,until:document.getElementById("f-until").value,weight:Number(document.getElementById("f-weight").value||0),tlp:document.getElementById("f-tlp").value,measure:document.getElementById("f-measure").value}}function Sg(n){for(let[a,e]of Object.entries(n||{})){let t=document.getElementById(`f-${a}`);t&&(t.value=e)}}function Ml(n,a){if(!a.from&&!a.until||!n.first&&!n.last)return!1;let e=t=>String(t).slice(0,10);return!!(a.from&&e(n.last||n.first)<a.from||a.until&&e(n.first||n.last)>a.until)}function wg(n){if(!B.window||!n.first&&!n.last)return!1;let[a,e]=B.window,t=r=>String(r).slice(0,10);return t(n.last||n.first)<a||t(n.first||n.last)>e}function Ti(n,a,e){let[t,r]=H.extremities(n);return B.removed&&(B.removed.has(t)||B.removed.has(r))?!0:a.weight<e.weight||Ml(a,e)||wg(a)||Zn(t,H.getNodeAttributes(t),e)||Zn(r,H.getNodeAttributes(r),e)}var Qa=n=>new Date(n).toISOString().slice(0,10);function Ag(){let n=null,a=null;H.forEachEdge((i,o)=>{for(let s of[o.first,o.last]){if(!s)continue;let l=String(s).slice(0,10);(!n||l<n)&&(n=l),(!a||l>a)&&(a=l)}});let e=document.getElementById("t-from"),t=document.getElementById("t-until");if(!n){e.max=t.max="0",e.disabled=t.disabled=!0,B.window=null,document.getElementById("t-from-day").textContent=document.getElementById("t-until-day").textContent="";return}e.disabled=t.disabled=!1;let r=Math.round((Date.parse(a)-Date.parse(n))/Xn);if(e.dataset.low!==n||e.max!==String(r)){let i=!B.window||Number(e.value)===0&&Number(t.value)===Number(t.max);e.dataset.low=n,e.max=t.max=String(r),i&&(e.value="0",t.value=String(r))}Bl()}function Bl(){let n=document.getElementById("t-from"),a=document.getElementById("t-until");if(!n.dataset.low||n.disabled){B.window=null;return}let[e,t]=[Number(n.value),Number(a.value)];e>t&&([e,t]=[t,e]);let r=Date.parse(n.dataset.low),i=e===0&&t===Number(a.max);B.window=i?null:[Qa(r+e*Xn),Qa(r+t*Xn)],document.getElementById("t-from-day").textContent=Qa(r+e*Xn),document.getElementById("t-until-day").textContent=Qa(r+t*Xn)}function Zn(n,a,e){return e.schema&&a.schema!==e.schema||e.tlp&&(er[a.handling_code]??0)>er[e.tlp]?!0:Ml(a,e)}var mi={betweenness:"betweenness",pagerank:"PageRank",brokerage:"brokerage"},Al=[[158,202,225],[8,48,107]];function Rg(n){return`#${Al[0].map((e,t)=>Math.round(e+(Al[1][t]-e)*n)).map(e=>e.toString(16).padStart(2,"0")).join("")}`}function Dg(n){return Number.isInteger(n)?n.toLocaleString():n.toPrecision(2)}function Lg(n){if(!mi[n.measure])return delete Te.dataset.measured,null;let a=ir().nodes.map(t=>t.id).sort(),e=`${n.measure}
${a.join(`
`)}`;return B.measure&&B.measure.key===e?B.measure:(B.measureAsked!==e&&a.length&&(B.measureAsked=e,Cg(n.measure,a,e)),B.measure&&B.measure.name===n.measure?B.measure:null)}async function Cg(n,a,e){delete Te.dataset.measured,ve(`${mi[n]} of the chart's actors\u2026`);let t;try{t=await mt(`measure?name=${encodeURIComponent(n)}`,{method:"POST",body:JSON.stringify({nodes:a}),headers:{"Content-Type":"application/json"}})}catch(i){B.measureAsked===e&&ve(i.message,!0);return}if(B.measureAsked!==e||(B.measure={key:e,name:n,values:t.values},Tn().measure!==n))return;let r=t.top.map(i=>`${i.name} (${Dg(i.value)})`).join(", ");ve(`sized and coloured by ${mi[n]} on the network of the chart's ${t.actors.toLocaleString()} actors: ${r?`highest ${r}`:"0 for all"}`+(t.note?`; ${t.note}`:"")),await nt(!1),Te.dataset.measured=n}function Ul(n,a){let e=B.groups.get(a);return e?Math.max(0,...e.members.map(t=>Ul(n,t.id))):n[a]||0}function kg(){let n=Tn(),a=null;n.measure==="community"&&H.size>0&&(a=(0,Il.default)(H)),B.communities=a;let e=Lg(n),t=new Map;if(e){let h=0;H.forEachNode(f=>{let g=Ul(e.values,f);t.set(f,g),h=Math.max(h,g)});for(let[f,g]of t)t.set(f,h>0?g/h:0)}let r=e?h=>4+12*Math.sqrt(t.get(h)):h=>4+Math.sqrt(H.degree(h))*3,i=0;H.forEachNode(h=>{i+=Math.PI*r(h)**2});let o=document.getElementById("graph-canvas"),s=o?o.clientWidth*o.clientHeight:0,l=s&&i?Math.min(1,Math.sqrt(mg*s/i)):1;H.updateEachNodeAttributes((h,f)=>(f.size=Math.max(1.5,r(h)*l),f.color=a?Ja[a[h]%Ja.length]:e?Rg(t.get(h)):Nl(f.schema),f));let u=new Set;H.forEachNode((h,f)=>u.add(f.schema));let d=document.getElementById("f-schema"),c=d.value;d.replaceChildren(ee("option","(all)")),d.firstChild.value="";for(let h of[...u].sort()){let f=ee("option",h);f.value=h,d.append(f)}d.value=c}function nt(n){let a=n&&H.order>=Hl?Vl():null;return a&&a.catch(()=>{}),B.filters=Tn(),qt(kg),Ag(),Qn(),a?ar(zl,{asking:a,refine:"where frames are cheap"}):(re&&(nr(),re.refresh(),B.drawn=Yn()),n?ar():B.drawn)}function Qn(){let n=Tn(),a=0;H.forEachNode((o,s)=>{Zn(o,s,n)||(a+=1)});let e=0;H.forEachEdge((o,s)=>{Ti(o,s,n)||(e+=1)}),document.getElementById("graph-counts").textContent=`showing ${a.toLocaleString()} of ${H.order.toLocaleString()} nodes, ${e.toLocaleString()} of ${H.size.toLocaleString()} links`;let[t,r]=[document.getElementById("t-from-day").textContent,document.getElementById("t-until-day").textContent];document.getElementById("t-counts").textContent=t?`${e.toLocaleString()} of ${H.size.toLocaleString()} links shown, dated ${t} to ${r} or undated`:"no dated links on the chart",Te.dataset.links=String(e);let i=document.getElementById("selected-facts");i&&B.selected&&H.hasNode(B.selected)&&xi(i,B.selected)}var Pg=3,Hl=1e3,fi=100,Rl=500,Ig=50,Fg=.01,$l=100;function Yn(){let n=performance.now();return new Promise(a=>requestAnimationFrame(()=>requestAnimationFrame(()=>{B.frameMs=performance.now()-n,a()})))}function nr(){let n=B.frameMs>$l;re&&re.getSetting("hideEdgesOnMove")!==n&&re.setSetting("hideEdgesOnMove",n)}function gi(n){nr(),H.updateEachNodeAttributes((a,e)=>{if(n.hasNode(a)){let t=n.getNodeAttributes(a);e.x=t.x,e.y=t.y}return e},{attributes:["x","y"]})}async function Vl(){let n=H.nodes(),a=new Map(n.map((r,i)=>[r,i])),e=H.mapEdges((r,i,o,s)=>[a.get(o),a.get(s)]),t=await mt("layout",{method:"POST",body:JSON.stringify({order:n.length,links:e}),headers:{"Content-Type":"application/json"}});return{number:a,positions:t.positions}}function Gg({number:n,positions:a}){qt(()=>H.updateEachNodeAttributes((e,t)=>{let r=n.get(e);if(r!==void 0){let[i,o]=a[r];t.x=i,t.y=o}return t},{attributes:["x","y"]}))}function jl(n){return{...yi.default.inferSettings(n),barnesHutOptimize:n.order>500}}function zg(n,a){let e=new Map;n.forEachNode(d=>e.set(d,1)),n.forEachEdge((d,c,h,f)=>{let g=c.weight||1;e.set(h,e.get(h)+g),e.set(f,e.get(f)+g)});let t=0,r=0,i=0,o=0;n.forEachNode((d,c)=>{let h=e.get(d);t+=h*c.x,r+=h*c.y,i+=h,o+=h*h}),t/=i,r/=i;let s=0;n.forEachNode((d,c)=>{s+=a.gravity*e.get(d)*((c.x-t)**2+(c.y-r)**2)}),n.forEachEdge((d,c,h,f,g,p)=>{s+=(c.weight||1)*((g.x-p.x)**2+(g.y-p.y)**2)});let l=a.scalingRatio*(i*i-o)/2,u=s>0?Math.sqrt(l/s):1;return n.updateEachNodeAttributes((d,c)=>(c.x=(c.x-t)*u,c.y=(c.y-r)*u,c),{attributes:["x","y"]}),u}function Dl(n){let a=new Float64Array(n.order),e=new Float64Array(n.order),t=0,r=0,i=0;n.forEachNode((l,u)=>{a[t]=u.x,e[t]=u.y,r+=u.x,i+=u.y,t+=1}),r/=n.order,i/=n.order;let o=0;for(let l=0;l<t;l+=1)o+=(a[l]-r)**2+(e[l]-i)**2;let s=Math.sqrt(o/n.order)||1;for(let l=0;l<t;l+=1)a[l]=(a[l]-r)/s,e[l]=(e[l]-i)/s;return{xs:a,ys:e,at:performance.now()}}function Ng(n,a){let e=0;for(let t=0;t<n.xs.length;t+=1)e+=Math.hypot(n.xs[t]-a.xs[t],n.ys[t]-a.ys[t]);return e/n.xs.length}async function ar(n=zl,{asking:a=null,refine:e="always"}={}){if(H.order<2){re&&(re.refresh(),await Yn()),Te.dataset.layout="done";return}B.layout&&!B.layout.killed&&(B.layout.kill(),B.layoutCopy&&gi(B.layoutCopy));let t=H.order>=Hl,r={killed:!1,kill(){this.killed=!0}};B.layout=r,B.layoutCopy=null,Te.dataset.layout="running";let i={started:performance.now(),fromServer:!1,layout:0,first:null},o=null;if(t)try{o=await(a||Vl())}catch(p){B.layout===r&&ve(`${p.message}; laid out from the positions drawn`,!0)}if(i.server=performance.now()-i.started,B.layout!==r)return;if(o&&H.order===o.number.size&&(Gg(o),i.fromServer=!0),i.fromServer&&e!=="always"){let p=performance.now();if(re&&(nr(),re.refresh()),await(B.drawn=Yn()),i.first=performance.now()-p,i.draw=0,B.timing=i,B.layout!==r)return;if(!re||B.frameMs>$l){r.kill(),Te.dataset.layout="done";return}}let s=new fe({multi:!1,type:"undirected"});s.import({nodes:H.mapNodes((p,m)=>({key:p,attributes:{x:m.x,y:m.y}})),edges:H.mapEdges((p,m,v,y)=>({source:v,target:y,attributes:{weight:m.weight||1}}))});let l=jl(s);zg(s,l);let u=new Pl.default(s,{settings:l});B.layout=u,B.layoutCopy=s;let d=0;u.worker.addEventListener("message",()=>{d+=1}),u.start();let c=performance.now()+n,h=()=>B.layout===u&&!u.killed,f=()=>{if(!h())return;let p=performance.now()+Math.max(60,Pg*(B.frameMs||0));p>=c||setTimeout(()=>{!h()||performance.now()>=c||(gi(s),Yn().then(f))},p-performance.now())};if((!t||i.first!==null)&&B.drawn.then(f),await new Promise(p=>{let m=[Dl(s)],v=()=>{if(!h()){p();return}let y=Dl(s);for(;m.length>1&&m[1].at<=y.at-Rl;)m.shift();if(d>=Ig&&y.at-m[0].at>=Rl&&Ng(y,m[0])<Fg||performance.now()+fi>=c){p();return}m.push(y),setTimeout(v,fi)};setTimeout(v,Math.min(fi,n))}),!h())return;u.kill(),i.layout=performance.now()-i.started-i.server-(i.first||0),i.iterations=d;let g=performance.now();qt(()=>gi(s)),re&&(nr(),re.refresh()),await(B.drawn=Yn()),i.draw=performance.now()-g,B.timing=i,B.layout===u&&(Te.dataset.layout="done")}async function Ll(n,a){ve(`${a}\u2026`);try{let e=await mt(n,{method:"POST",body:JSON.stringify({nodes:ir().nodes.map(i=>i.id)}),headers:{"Content-Type":"application/json"}});B.highlighted=new Set(e.members.map(i=>i.id));let t=e.members.filter(i=>tr(i.id)).length,r=e.members.map(i=>i.name).join(", ");ve(e.members.length?`${a} of ${e.actors.toLocaleString()} actors: ${r} (${t} on the chart)${e.note?`; ${e.note}`:""}`:`no ${a.toLowerCase()} in the network you may read`),Te.dataset.highlighted=[...B.highlighted].join(`
`),re&&re.refresh()}catch(e){ve(e.message,!0)}}function Wg(n,a){let e=ir(),t=e.nodes.map(i=>({id:i.id,label:i.label,schema:i.schema,handling_code:i.handling_code,first:i.first,last:i.last,x:i.x,y:i.y,...i.note?{note:i.note}:{}})),r=e.edges.map(i=>({source:i.source,target:i.target,kind:i.kind,weight:i.weight,first:i.first,last:i.last}));return{name:n,notes:a,nodes:t,edges:r,filters:Tn()}}async function Og(n){n.preventDefault();let a=document.getElementById("chart-name").value.trim(),e=document.getElementById("chart-notes").value;try{let t=await mt("charts",{method:"POST",body:JSON.stringify(Wg(a,e)),headers:{"Content-Type":"application/json"}});ve(`chart "${t.name}" saved: ${t.nodes.toLocaleString()} nodes`),await Mg()}catch(t){ve(t.message,!0)}}async function Mg(){let n=await mt("charts"),a=document.getElementById("graph-charts");a.replaceChildren();for(let e of n){let t=ee("li"),r=ee("a",e.name);r.href=`?chart=${encodeURIComponent(e.name)}`,r.dataset.chart=e.name,t.append(r,ee("span",` ${e.nodes.toLocaleString()} nodes \xB7 ${e.saved_by} \xB7 ${e.saved_at}`,"muted")),a.append(t)}n.length||a.append(ee("li","None yet.","muted"))}async function Cl(n){try{let a=await mt(`charts/${encodeURIComponent(n)}`);H.clear(),B.expanded.clear(),B.groups.clear(),B.marked.clear(),B.path=null,B.removed=null,rr(),qt(()=>{for(let e of a.nodes)Kn({...e,name:e.label});for(let e of a.edges)bi(e.source,e.target,e)}),Sg(a.filters),document.getElementById("chart-name").value=a.name,document.getElementById("chart-notes").value=a.notes||"",nt(!1),re&&re.getCamera().reset(),ve(`chart "${a.name}" by ${a.saved_by}, ${a.saved_at}`+(a.withheld?`; ${a.withheld} nodes above your clearance left out`:"")),Te.dataset.chartOpen=a.name}catch(a){ve(a.message,!0)}}function Ei(n,a){let e=ee("a");e.href=a,e.download=n,document.body.append(e),e.click(),e.remove()}function Bg(){re.refresh();let n=re.getStageCanvas(),a=document.createElement("canvas");a.width=n.width,a.height=n.height;let e=a.getContext("2d");e.fillStyle="#ffffff",e.fillRect(0,0,a.width,a.height);for(let t of document.querySelectorAll("#graph-canvas canvas"))e.drawImage(t,0,0,a.width,a.height);Ei("chart.png",a.toDataURL("image/png"))}function Ug(){let n=Tn(),{width:a,height:e}=re.getDimensions(),t="http://www.w3.org/2000/svg",r=document.createElementNS(t,"svg");r.setAttribute("xmlns",t),r.setAttribute("width",a),r.setAttribute("height",e);let i=s=>re.graphToViewport(H.getNodeAttributes(s));H.forEachEdge((s,l,u,d,c,h)=>{if(Ti(H.edge(u,d),l,n))return;let[f,g]=[i(u),i(d)],p=document.createElementNS(t,"line");for(let[m,v]of Object.entries({x1:f.x,y1:f.y,x2:g.x,y2:g.y,stroke:"#9aa5b5"}))p.setAttribute(m,v);r.append(p)}),H.forEachNode((s,l)=>{if(Zn(s,l,n))return;let u=i(s),d=document.createElementNS(t,"circle");for(let[h,f]of Object.entries({cx:u.x,cy:u.y,r:l.size,fill:l.color}))d.setAttribute(h,f);let c=document.createElementNS(t,"text");for(let[h,f]of Object.entries({x:u.x+l.size+2,y:u.y+4,"font-size":12,"font-family":"sans-serif"}))c.setAttribute(h,f);c.textContent=l.label,r.append(d,c)});let o=new XMLSerializer().serializeToString(r);Ei("chart.svg",URL.createObjectURL(new Blob([o],{type:"image/svg+xml"})))}async function kl(n){ve(`exporting ${n}\u2026`);let a=await fetch(Fl(`export?format=${n}`),{method:"POST",credentials:"same-origin",body:JSON.stringify({nodes:ir().nodes.map(t=>t.id)}),headers:{"Content-Type":"application/json","X-CSRF-Token":Gl()}});if(!a.ok){let t=`the workspace answered ${a.status}`;try{t=(await a.json()).error||t}catch{}ve(t,!0);return}let e=n==="gexf"?"chart.gexf":"chart-i2.zip";Ei(e,URL.createObjectURL(await a.blob())),ve(`${e} written (recorded as an export in the case)`)}async function Hg(n){n.preventDefault();let a=document.getElementById("graph-q").value.trim(),e=document.getElementById("graph-hits");if(e.replaceChildren(),!!a)try{let t=await mt(`search?q=${encodeURIComponent(a)}`);for(let r of t.hits){let i=ee("li"),o=ee("button",`${r.name} (${r.schema})`);o.type="button",o.dataset.entity=r.id,o.addEventListener("click",()=>Ol(r.id)),i.append(o),e.append(i)}t.total>t.hits.length&&e.append(ee("li",`showing ${t.hits.length.toLocaleString()} of ${t.total.toLocaleString()}`,"muted")),t.hits.length||e.append(ee("li","No entity found among what you may see.","muted"))}catch(t){ve(t.message,!0)}}function $g(){if(!Te)return;let n=document.getElementById("graph-canvas");re=new zs(H,n,{primitives:{...ln,edges:{...ln.edges,paths:[Ln()]}},settings:{renderEdgeLabels:!1,labelRenderedSizeThreshold:4,itemSizesReference:"screen",stagePadding:80},nodeReducer:(a,e,t)=>{let r=B.filters;if(Zn(a,t,r))return{...e,visibility:"hidden"};let i=t.note?`${e.label} \u270E`:e.label;return B.removed&&B.removed.has(a)?{...e,label:i,color:"#d0d4da",labelVisibility:"visible"}:B.path&&B.path.nodes.has(a)?{...e,label:i,color:"#d62728",size:e.size*1.4,labelVisibility:"visible",highlighted:!0}:B.marked.has(a)?{...e,label:i,color:"#6a1b9a",labelVisibility:"visible",highlighted:!0}:B.highlighted.size&&B.highlighted.has(a)?{...e,color:"#e8a400",size:e.size*1.6,labelVisibility:"visible",highlighted:!0}:a===B.selected?{...e,label:i,labelVisibility:"visible",highlighted:!0}:{...e,label:i}},edgeReducer:(a,e,t)=>{let r=B.filters;return Ti(a,t,r)?{...e,visibility:"hidden"}:B.path&&B.path.edges.has(a)?{...e,color:"#d62728",size:4}:{...e,size:Math.min(1+Math.log2(t.weight||1),6)}}}),re.on("clickNode",({node:a,event:e})=>{e&&e.original&&e.original.shiftKey?vi(a):_i(a)}),document.getElementById("btn-path").addEventListener("click",_g),document.getElementById("btn-disrupt").addEventListener("click",xg),document.getElementById("btn-group").addEventListener("click",()=>pi([...B.marked])),document.getElementById("btn-unmark").addEventListener("click",()=>{B.marked.clear(),rr()});for(let a of["t-from","t-until"])document.getElementById(a).addEventListener("input",()=>{Bl(),re&&re.refresh(),Qn()});document.getElementById("graph-search").addEventListener("submit",Hg),document.getElementById("graph-save").addEventListener("submit",Og),document.getElementById("btn-keyplayers").addEventListener("click",()=>Ll("keyplayers?k=3","Key players")),document.getElementById("btn-brokers").addEventListener("click",()=>Ll("brokers","Brokers")),document.getElementById("btn-layout").addEventListener("click",()=>ar()),document.getElementById("btn-png").addEventListener("click",Bg),document.getElementById("btn-svg").addEventListener("click",Ug),document.getElementById("btn-gexf").addEventListener("click",()=>kl("gexf")),document.getElementById("btn-i2").addEventListener("click",()=>kl("i2"));for(let a of["f-schema","f-from","f-until","f-weight","f-tlp","f-measure"])document.getElementById(a).addEventListener("change",()=>nt(!1));document.getElementById("graph-charts").addEventListener("click",a=>{let e=a.target.closest("a[data-chart]");e&&(a.preventDefault(),Cl(e.dataset.chart))}),Te.dataset.chart?Cl(Te.dataset.chart):Te.dataset.entity&&Ol(Te.dataset.entity),Qn(),window.tnocGraph={graph:H,renderer:re,runLayout:ar,refresh:nt,inBulk:qt,state:B,toggleMark:vi,collapse:pi,load:(a,e=!1)=>(H.clear(),qt(()=>H.import(a)),nt(e)),layoutSteps:a=>yi.default.assign(H,{iterations:a,settings:jl(H)})}}$g();})();
/*! Bundled license information:

sigma/dist/edge-data-texture-e4fbbc22.esm.js:
  (*! regenerator-runtime -- Copyright (c) 2014-present, Facebook, Inc. -- license (MIT): https://github.com/babel/babel/blob/main/packages/babel-helpers/LICENSE *)
*/
